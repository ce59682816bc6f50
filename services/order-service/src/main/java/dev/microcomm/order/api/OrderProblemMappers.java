package dev.microcomm.order.api;

import dev.microcomm.order.domain.IdempotencyKeyReusedException;
import dev.microcomm.order.domain.UserCheckUnavailableException;
import dev.microcomm.order.domain.UserNotFoundException;
import dev.microcomm.resterrors.Problems;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The order rules' failures as the contract names them (problem+json). */
public class OrderProblemMappers {

    @ConfigProperty(name = "order.user-lookup.retry-after", defaultValue = "5")
    int retryAfterSeconds;

    @ServerExceptionMapper
    public Response userNotFound(UserNotFoundException e, UriInfo uri) {
        return Problems.response(422, "user-not-found", "User not found", e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response idempotencyKeyReused(IdempotencyKeyReusedException e, UriInfo uri) {
        return Problems.response(422, "idempotency-key-reused", "Idempotency-Key reused", e.getMessage(),
                uri.getPath());
    }

    @ServerExceptionMapper
    public Response userCheckUnavailable(UserCheckUnavailableException e, UriInfo uri) {
        return Problems.builder(503, "user-service-unavailable", "Service Unavailable",
                        "Cannot check the user now: " + e.getMessage() + " Nothing was stored; try again later.",
                        uri.getPath(), null)
                .header("Retry-After", retryAfterSeconds)
                .build();
    }
}

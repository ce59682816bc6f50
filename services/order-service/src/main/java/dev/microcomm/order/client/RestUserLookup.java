package dev.microcomm.order.client;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The user check over REST ({@code GET /users/{id}}), guarded by SmallRye Fault Tolerance.
 * The numbers below are only defaults: application.properties sets them
 * ({@code quarkus.fault-tolerance."dev.microcomm.order.client.RestUserLookup/check".*}).
 */
@ApplicationScoped
@Typed(RestUserLookup.class)
public class RestUserLookup implements UserLookup {

    private final UserServiceRestClient client;

    public RestUserLookup(@RestClient UserServiceRestClient client) {
        this.client = client;
    }

    @Override
    @Timeout(value = 1000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, maxDuration = 3000, durationUnit = ChronoUnit.MILLIS,
            retryOn = {UserServiceUnavailableException.class, TimeoutException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    // "Unknown user" is a normal answer (no exception), so it counts as a success for the breaker.
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = BulkheadException.class)
    @Bulkhead(value = 16, waitingTaskQueue = 16)
    public Uni<UserExistence> check(String userId) {
        return client.get(userId)
                .map(user -> UserExistence.EXISTS)
                .onFailure().recoverWithUni(RestUserLookup::classify);
    }

    private static Uni<UserExistence> classify(Throwable failure) {
        if (failure instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            if (status == 404) {
                return Uni.createFrom().item(UserExistence.UNKNOWN);
            }
            if (status >= 500) {
                return Uni.createFrom().failure(
                        new UserServiceUnavailableException("user-service answered " + status, failure));
            }
            return Uni.createFrom().failure(
                    new UserServiceRejectedException("user-service answered " + status, failure));
        }
        if (failure instanceof ProcessingException || failure instanceof java.io.IOException
                || failure instanceof io.vertx.core.VertxException) {
            // Connection refused/reset, closed mid-response: the network, not the question.
            return Uni.createFrom().failure(
                    new UserServiceUnavailableException("user-service unreachable: " + failure.getMessage(), failure));
        }
        return Uni.createFrom().failure(failure);
    }
}

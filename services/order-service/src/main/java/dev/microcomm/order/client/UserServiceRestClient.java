package dev.microcomm.order.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service's REST API, as far as order-service needs it. No fault-tolerance annotations here
 * (they break the build on REST client interfaces, quarkusio/quarkus#36075): {@link RestUserLookup} carries them.
 */
@RegisterRestClient(configKey = "user-service")
@Path("/users")
public interface UserServiceRestClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<UserDto> get(@PathParam("id") String id);

    /** The fields order-service reads; user-service may send more. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record UserDto(String id, String name, String email) {
    }
}

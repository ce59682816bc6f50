package dev.microcomm.user.api;

import dev.microcomm.resterrors.ProblemException;
import dev.microcomm.resterrors.Problems;
import dev.microcomm.user.domain.EmailAlreadyTakenException;
import dev.microcomm.user.domain.User;
import dev.microcomm.user.domain.UserDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    static final int MAX_PAGE_SIZE = 100;

    private final UserDirectory users;

    public UserResource(UserDirectory users) {
        this.users = users;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateUserRequest body) {
        User user = users.register(body.name(), body.email());
        return Response.created(URI.create("/users/" + user.id)).entity(UserResponse.of(user)).build();
    }

    @GET
    @Path("/{id}")
    public UserResponse get(@RestPath String id) {
        return users.find(id).map(UserResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No user with this id."));
    }

    /**
     * Query parameters are taken as text and parsed here: JAX-RS would answer a non-numeric
     * value with 404, the contract wants 400.
     */
    @GET
    public List<UserResponse> list(
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
            @RestQuery String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
            @RestQuery String size) {
        int pageIndex = intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = intParam("size", size, 20, 1, MAX_PAGE_SIZE);
        return users.list(pageIndex, pageSize).stream().map(UserResponse::of).toList();
    }

    @ServerExceptionMapper
    public Response emailTaken(EmailAlreadyTakenException e, UriInfo uri) {
        return Problems.response(409, "email-taken", "E-mail already taken", e.getMessage(), uri.getPath());
    }

    private static int intParam(String name, String raw, int defaultValue, int min, int max) {
        if (raw == null || raw.isEmpty()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(name, "must be a whole number");
        }
        if (value < min || value > max) {
            throw ProblemException.validation(name, max == Integer.MAX_VALUE
                    ? "must be greater than or equal to " + min
                    : "must be between " + min + " and " + max);
        }
        return value;
    }
}

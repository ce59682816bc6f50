package dev.microcomm.order.api;

import dev.microcomm.order.domain.NewOrder;
import dev.microcomm.order.domain.OrderPlacement;
import dev.microcomm.order.domain.OrderQueries;
import dev.microcomm.order.domain.OrderView;
import dev.microcomm.order.domain.PlacedOrder;
import dev.microcomm.resterrors.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;

    private final OrderPlacement placement;
    private final OrderQueries queries;

    public OrderResource(OrderPlacement placement, OrderQueries queries) {
        this.placement = placement;
        this.queries = queries;
    }

    /**
     * 201 with the new order; 200 with the first order when an Idempotency-Key is repeated with the
     * same body. The user check runs on a worker thread, before any transaction is open.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull(message = "a JSON body is required") @Valid CreateOrderRequest body,
                           @Parameter(description = "Optional, 1..200 characters: a repeat with the same key and body returns the first order")
                           @RestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
                           @Context HttpHeaders headers) {
        // An empty header value arrives as null: tell "sent empty" from "not sent" by the raw headers.
        if (idempotencyKey == null && headers.getRequestHeaders().containsKey(IDEMPOTENCY_KEY)) {
            idempotencyKey = "";
        }
        if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw ProblemException.validation(IDEMPOTENCY_KEY, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        PlacedOrder placed = placement.place(new NewOrder(body.userId(), body.productId(), body.amount()),
                idempotencyKey);
        URI location = URI.create("/orders/" + placed.order().id());
        if (placed.created()) {
            return Response.created(location).entity(placed.order()).build();
        }
        return Response.ok(placed.order()).location(location).build();
    }

    @GET
    @Path("/{id}")
    public OrderView get(@RestPath String id) {
        return queries.find(id).orElseThrow(() -> ProblemException.notFound("No order with id '" + id + "'."));
    }

    /** A user's orders, oldest first. {@code userId} is required. */
    @GET
    public List<OrderView> byUser(@RestQuery String userId) {
        if (userId == null || userId.isBlank()) {
            throw ProblemException.validation("userId", "must not be blank");
        }
        return queries.byUser(userId);
    }
}

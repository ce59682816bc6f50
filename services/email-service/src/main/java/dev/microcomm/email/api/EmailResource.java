package dev.microcomm.email.api;

import dev.microcomm.email.domain.OrderInbox;
import dev.microcomm.resterrors.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The e-mails actually sent for an order (zero or one). {@code orderId} is required: listing every
 * e-mail ever sent is not something a client needs, and would grow without bound.
 */
@Path("/emails")
@Produces(MediaType.APPLICATION_JSON)
public class EmailResource {

    private final OrderInbox inbox;

    public EmailResource(OrderInbox inbox) {
        this.inbox = inbox;
    }

    @GET
    public List<SentEmailResponse> byOrder(@Parameter(required = true, description = "the order id")
                                           @RestQuery String orderId) {
        if (orderId == null || orderId.isBlank()) {
            throw ProblemException.validation("orderId", "must not be blank");
        }
        return inbox.sent(orderId.trim()).stream().map(SentEmailResponse::of).toList();
    }
}

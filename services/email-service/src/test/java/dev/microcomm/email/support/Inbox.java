package dev.microcomm.email.support;

import dev.microcomm.email.domain.OrderEmail;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.Optional;

/** Reads the service's own record of an order (status, deliveries) straight from its database. */
public final class Inbox {

    public record Row(String orderId, OrderEmail.Status status, int deliveries, String transport, int attempts,
                      String lastError, String deadLetterReason) {
    }

    private Inbox() {
    }

    public static Optional<Row> row(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> OrderEmail.<OrderEmail>findByIdOptional(orderId)
                .map(r -> new Row(r.orderId, r.status, r.deliveries, r.transport.wireName(), r.attempts, r.lastError,
                        r.deadLetterReason)));
    }
}

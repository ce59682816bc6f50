package dev.microcomm.order.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.math.BigDecimal;
import java.time.Instant;

/** The order as clients see it: the REST body and the payload of the {@code order.created} event. */
@RegisterForReflection
public record OrderView(String id, String userId, String productId, BigDecimal amount, String status,
                        Instant createdAt) {

    public static OrderView of(Order order) {
        return new OrderView(order.id.toString(), order.userId, order.productId, order.amount, order.status.name(),
                order.createdAt);
    }
}

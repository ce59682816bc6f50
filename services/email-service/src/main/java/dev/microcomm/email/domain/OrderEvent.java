package dev.microcomm.email.domain;

import java.math.BigDecimal;

/** The fields of an {@code order.created} event that the confirmation e-mail needs. */
public record OrderEvent(String orderId, String userId, String productId, BigDecimal amount) {
}

package dev.microcomm.order.domain;

/** The outcome of placing an order: the order, and whether this request created it or repeated an earlier one. */
public record PlacedOrder(OrderView order, boolean created) {
}

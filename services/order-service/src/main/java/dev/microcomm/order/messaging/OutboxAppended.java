package dev.microcomm.order.messaging;

/** CDI event fired inside the writing transaction; the relay reacts only once that transaction committed. */
public record OutboxAppended(String aggregateId) {
}

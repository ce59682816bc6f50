package dev.microcomm.order.messaging;

import java.time.Instant;
import java.util.UUID;

/** A pending outbox row as the relay claimed it. */
public record OutboxRow(long id, UUID eventId, String eventType, String aggregateId, String payload,
                        String traceparent, Instant occurredAt, int attempts) {
}

package dev.microcomm.order.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One event waiting for (or already given to) one transport. Written with the order, in its transaction. */
@Entity
@Table(name = "outbox_events")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(nullable = false, length = 16)
    public String transport;

    @Column(name = "event_type", nullable = false, length = 100)
    public String eventType;

    @Column(name = "aggregate_id", nullable = false, length = 64)
    public String aggregateId;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(length = 128)
    public String traceparent;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error", length = 1000)
    public String lastError;

    @Column(name = "sent_at")
    public Instant sentAt;
}

package dev.microcomm.email.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One order's confirmation e-mail: inbox entry first (PENDING), then the record of what was sent
 * (SENT) or why it could not be (DEAD_LETTERED). Keyed by order id, so an order has one row at most.
 */
@Entity
@Table(name = "order_email")
public class OrderEmail extends PanacheEntityBase {

    public enum Status { PENDING, SENT, DEAD_LETTERED }

    @Id
    @Column(name = "order_id")
    public String orderId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "product_id", nullable = false)
    public String productId;

    @Column(nullable = false)
    public BigDecimal amount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Transport transport;

    @Column(nullable = false)
    public byte[] payload;

    public String traceparent;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int deliveries;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public String recipient;

    public String subject;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "dead_letter_reason")
    public String deadLetterReason;

    public void markSent(String recipient, String subject, Instant at) {
        this.status = Status.SENT;
        this.recipient = recipient;
        this.subject = subject;
        this.sentAt = at;
        this.lastError = null;
        this.attempts++;
    }

    public void markDeadLettered(String reason) {
        this.status = Status.DEAD_LETTERED;
        this.deadLetterReason = reason;
        this.attempts++;
    }

    public void scheduleRetry(Instant at, String error) {
        this.attempts++;
        this.nextAttemptAt = at;
        this.lastError = error;
    }
}

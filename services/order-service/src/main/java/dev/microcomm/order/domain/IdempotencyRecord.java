package dev.microcomm.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Remembers which order an {@code Idempotency-Key} created, and a fingerprint of the request body. */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord extends PanacheEntityBase {

    static final String PRIMARY_KEY = "idempotency_keys_pkey";

    @Id
    @Column(name = "idempotency_key", length = 200)
    public String key;

    @Column(name = "request_hash", nullable = false, length = 64)
    public String requestHash;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

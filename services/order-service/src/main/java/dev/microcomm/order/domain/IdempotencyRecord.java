package dev.microcomm.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Remembers which order an {@code Idempotency-Key} created, and a fingerprint of the request body. */
@Entity
@Table(name = "idempotency_keys")
public class IdempotencyRecord extends PanacheEntityBase {

    static final String PRIMARY_KEY = "idempotency_keys_pkey";

    @Id
    @Column(name = "idempotency_key", length = 200)
    public String key;

    // char(64) in the schema (a SHA-256 in hex is always 64 characters); declared so that Hibernate's
    // schema validation in dev mode agrees with Flyway's migration.
    @Column(name = "request_hash", nullable = false, length = 64)
    @JdbcTypeCode(SqlTypes.CHAR)
    public String requestHash;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}

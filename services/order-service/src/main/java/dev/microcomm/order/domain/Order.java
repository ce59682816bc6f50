package dev.microcomm.order.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.annotations.UuidGenerator;

/** An order. Ids are UUIDv7 (time-ordered). */
@Entity(name = "CustomerOrder") // "Order" is a reserved word in JPQL
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    @UuidGenerator(style = UuidGenerator.Style.VERSION_7)
    public UUID id;

    @Column(name = "user_id", nullable = false, length = 200)
    public String userId;

    @Column(name = "product_id", nullable = false, length = 200)
    public String productId;

    @Column(nullable = false, precision = 19, scale = 2)
    public BigDecimal amount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public OrderStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Order created(String userId, String productId, BigDecimal amount) {
        Order order = new Order();
        order.userId = userId;
        order.productId = productId;
        order.amount = amount;
        order.status = OrderStatus.CREATED;
        // Truncated before it is stored, so the 201 body equals what a later GET reads back.
        order.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return order;
    }
}

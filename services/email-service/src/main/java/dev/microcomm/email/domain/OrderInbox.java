package dev.microcomm.email.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The idempotency rule: an order is accepted once. The primary key on {@code order_id} decides,
 * not memory, so the rule holds for both transports, concurrent deliveries, restarts and replicas.
 */
@ApplicationScoped
public class OrderInbox {

    /** What happened to a delivery. */
    public enum Outcome { ACCEPTED, DUPLICATE }

    private final EntityManager em;

    public OrderInbox(EntityManager em) {
        this.em = em;
    }

    /**
     * Stores the event as a pending e-mail, or counts it as a duplicate of the one stored. Returns
     * only after the commit, so the caller may acknowledge the message to the broker.
     */
    @Transactional
    public Outcome accept(OrderEvent event, Transport transport, byte[] payload, String traceparent) {
        Instant now = Instant.now();
        // (xmax = 0) is true for a freshly inserted row and false for one the conflict branch updated.
        Object inserted = em.createNativeQuery("""
                insert into order_email (order_id, user_id, product_id, amount, transport, payload, traceparent,
                                         status, deliveries, attempts, next_attempt_at, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', 1, 0, ?8, ?8)
                on conflict (order_id) do update set deliveries = order_email.deliveries + 1
                returning (xmax = 0)
                """)
                .setParameter(1, event.orderId())
                .setParameter(2, event.userId())
                .setParameter(3, event.productId())
                .setParameter(4, event.amount())
                .setParameter(5, transport.name())
                .setParameter(6, payload)
                .setParameter(7, traceparent)
                .setParameter(8, now)
                .getSingleResult();
        return Boolean.TRUE.equals(inserted) ? Outcome.ACCEPTED : Outcome.DUPLICATE;
    }

    public Optional<OrderEmail> find(String orderId) {
        return OrderEmail.findByIdOptional(orderId);
    }

    public List<OrderEmail> sent(String orderId) {
        return OrderEmail.list("orderId = ?1 and status = ?2", orderId, OrderEmail.Status.SENT);
    }

    /**
     * Claims the oldest due pending row for this transaction. SKIP LOCKED lets several dispatchers
     * (threads or replicas) work side by side without waiting on, or double-sending, each other's rows.
     */
    public Optional<OrderEmail> claimNextDue() {
        @SuppressWarnings("unchecked")
        List<OrderEmail> rows = em.createNativeQuery("""
                select * from order_email
                where status = 'PENDING' and next_attempt_at <= ?1
                order by next_attempt_at
                limit 1
                for update skip locked
                """, OrderEmail.class)
                .setParameter(1, Instant.now())
                .getResultList();
        return rows.stream().findFirst();
    }
}

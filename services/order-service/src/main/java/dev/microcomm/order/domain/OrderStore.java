package dev.microcomm.order.domain;

import dev.microcomm.order.messaging.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Writes an order, its idempotency key and its outbox rows in one transaction. */
@ApplicationScoped
public class OrderStore {

    private final Outbox outbox;

    public OrderStore(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public OrderView create(NewOrder request, String idempotencyKey, String traceparent) {
        Order order = Order.created(request.userId(), request.productId(), request.amount());
        order.persist();
        if (idempotencyKey != null) {
            IdempotencyRecord key = new IdempotencyRecord();
            key.key = idempotencyKey;
            key.requestHash = request.fingerprint();
            key.orderId = order.id;
            key.createdAt = Instant.now();
            // Flushed at once: a concurrent request with the same key waits here for the winner and then fails.
            key.persistAndFlush();
        }
        OrderView view = OrderView.of(order);
        outbox.orderCreated(view, traceparent);
        return view;
    }

    /** The order an earlier request with this key created, if the key is known. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<KeyedOrder> findByKey(String idempotencyKey) {
        return IdempotencyRecord.<IdempotencyRecord>findByIdOptional(idempotencyKey)
                .map(key -> new KeyedOrder(key.requestHash, OrderView.of(Order.findById(key.orderId))));
    }

    public record KeyedOrder(String requestHash, OrderView order) {
    }
}

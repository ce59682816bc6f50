package dev.microcomm.order.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microcomm.order.domain.OrderView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/**
 * The write side of the transactional outbox: one row per transport, all with the same event id,
 * in the caller's transaction. Publishing is {@link OutboxRelay}'s job.
 */
@ApplicationScoped
public class Outbox {

    public static final String ORDER_CREATED = "order.created";

    private final ObjectMapper json;
    private final Event<OutboxAppended> appended;
    private final EnabledTransports transports;

    public Outbox(ObjectMapper json, Event<OutboxAppended> appended, EnabledTransports transports) {
        this.json = json;
        this.appended = appended;
        this.transports = transports;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID orderCreated(OrderView order, String traceparent) {
        String payload;
        try {
            payload = json.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize order " + order.id(), e);
        }
        UUID eventId = UUID.randomUUID();
        Instant now = Instant.now();
        for (Transport transport : transports.all()) {
            OutboxEvent row = new OutboxEvent();
            row.eventId = eventId;
            row.transport = transport.column();
            row.eventType = ORDER_CREATED;
            row.aggregateId = order.id();
            row.payload = payload;
            row.traceparent = traceparent;
            row.occurredAt = order.createdAt();
            row.nextAttemptAt = now;
            row.persist();
        }
        appended.fire(new OutboxAppended(order.id()));
        return eventId;
    }
}

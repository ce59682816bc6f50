package dev.microcomm.email.messaging;

import dev.microcomm.email.domain.OrderEvent;
import dev.microcomm.email.domain.OrderEventParser;
import dev.microcomm.email.domain.OrderInbox;
import dev.microcomm.email.domain.PoisonMessageException;
import dev.microcomm.email.domain.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What both consumers do with a message before acknowledging it: parse it (poison is thrown for the
 * caller to dead-letter) and store it in the inbox. Storing is retried until it succeeds, because a
 * message may only be acknowledged once it is safely in the database; while the database is down
 * nothing can progress anyway.
 */
@ApplicationScoped
public class InboundOrders {

    private static final Logger LOG = Logger.getLogger(InboundOrders.class);

    private final OrderEventParser parser;
    private final OrderInbox inbox;
    private final EmailDispatcher dispatcher;
    private final MeterRegistry metrics;
    private final Duration storeRetryMax;
    private volatile boolean stopping;

    public InboundOrders(OrderEventParser parser, OrderInbox inbox, EmailDispatcher dispatcher, MeterRegistry metrics,
                         @ConfigProperty(name = "email.inbox.store-retry-max-backoff", defaultValue = "30s")
                         Duration storeRetryMax) {
        this.parser = parser;
        this.inbox = inbox;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.storeRetryMax = storeRetryMax;
        // Every series exists from the start (at 0), not only after its first event: rates and alerts need them.
        for (Transport transport : Transport.values()) {
            for (String outcome : new String[] {"accepted", "duplicate", "dead-lettered"}) {
                metrics.counter("email.events", "transport", transport.wireName(), "outcome", outcome);
            }
        }
    }

    /**
     * @throws PoisonMessageException when the body can never be processed
     * @throws IllegalStateException when the service is stopping before the event could be stored
     *                               (the message stays unacknowledged and is delivered again)
     */
    public OrderInbox.Outcome receive(byte[] body, Transport transport, String traceparent) {
        OrderEvent event;
        try {
            event = parser.parse(body);
        } catch (PoisonMessageException e) {
            metrics.counter("email.events", "transport", transport.wireName(), "outcome", "dead-lettered").increment();
            throw e;
        }
        long backoffMs = 100;
        while (true) {
            try {
                OrderInbox.Outcome outcome = inbox.accept(event, transport, body, traceparent);
                metrics.counter("email.events", "transport", transport.wireName(),
                        "outcome", outcome == OrderInbox.Outcome.ACCEPTED ? "accepted" : "duplicate").increment();
                if (outcome == OrderInbox.Outcome.ACCEPTED) {
                    LOG.infof("Accepted order %s from %s", event.orderId(), transport.wireName());
                    dispatcher.wake();
                } else {
                    LOG.infof("Order %s from %s is a duplicate: already accepted, not sent again",
                            event.orderId(), transport.wireName());
                }
                return outcome;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw new IllegalStateException("Stopping before order " + event.orderId() + " was stored", e);
                }
                LOG.warnf("Could not store order %s (%s); retrying in %d ms", event.orderId(), e.getMessage(), backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, storeRetryMax.toMillis());
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }
}

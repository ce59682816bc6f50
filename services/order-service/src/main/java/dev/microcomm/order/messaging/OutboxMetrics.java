package dev.microcomm.order.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Outbox backlog per transport on /q/metrics: {@code order_outbox_pending{transport}} (events not yet
 * acknowledged by the broker) and {@code order_outbox_oldest_pending_age_seconds{transport}}. Read from the
 * table on a short schedule rather than on every scrape, so scrapes never touch the database.
 */
@ApplicationScoped
public class OutboxMetrics {

    private final Map<Transport, AtomicLong> pending = new EnumMap<>(Transport.class);
    private final Map<Transport, AtomicLong> oldestAgeMillis = new EnumMap<>(Transport.class);

    public OutboxMetrics(MeterRegistry registry, EnabledTransports transports) {
        for (Transport transport : transports.all()) {
            AtomicLong count = new AtomicLong();
            AtomicLong age = new AtomicLong();
            pending.put(transport, count);
            oldestAgeMillis.put(transport, age);
            Gauge.builder("order.outbox.pending", count, AtomicLong::get)
                    .description("Events in the outbox not yet acknowledged by the broker")
                    .tag("transport", transport.column()).register(registry);
            Gauge.builder("order.outbox.oldest.pending.age", age, a -> a.get() / 1000.0)
                    .description("Age of the oldest event not yet acknowledged by the broker")
                    .baseUnit("seconds").tag("transport", transport.column()).register(registry);
        }
    }

    @Scheduled(every = "${order.outbox.metrics-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void refresh() {
        pending.values().forEach(v -> v.set(0));
        oldestAgeMillis.values().forEach(v -> v.set(0));
        List<Object[]> rows = OutboxEvent.getEntityManager().createQuery(
                "select e.transport, count(e), min(e.occurredAt) from OutboxEvent e where e.sentAt is null "
                        + "group by e.transport", Object[].class).getResultList();
        Instant now = Instant.now();
        for (Object[] row : rows) {
            for (Transport transport : pending.keySet()) {
                if (transport.column().equals(row[0])) {
                    pending.get(transport).set(((Number) row[1]).longValue());
                    oldestAgeMillis.get(transport).set(Duration.between((Instant) row[2], now).toMillis());
                }
            }
        }
    }
}

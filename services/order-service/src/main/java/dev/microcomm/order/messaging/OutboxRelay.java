package dev.microcomm.order.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The read side of the transactional outbox: publishes pending rows and marks a row sent only after
 * the broker acknowledged it.
 *
 * <ul>
 * <li>Woken right after an order's transaction commits; the scheduled poll is only the safety net
 *     (a lost wake-up, a crash between commit and publish, rows left by another replica).</li>
 * <li>One lane (its own thread) per transport: a Kafka outage does not delay RabbitMQ.</li>
 * <li>A batch is claimed with {@code FOR UPDATE SKIP LOCKED} and the locks are held until the acks are
 *     in and the rows are marked: several replicas never publish the same row at the same time.</li>
 * <li>On a failure the lane backs off exponentially (with jitter) and then probes with one row until
 *     the broker answers again; the failed row gets its own {@code next_attempt_at}.</li>
 * </ul>
 * At-least-once: a crash after the broker's ack but before the commit publishes that row again on restart
 * (consumers are idempotent by event/order id).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository repository;
    private final Instance<EventPublisher> publishers;
    private final Map<Transport, Lane> lanes = new EnumMap<>(Transport.class);
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Duration maxInFlight;
    private final boolean enabled;
    private final int batchSize;
    private final Duration ackTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration retention;
    private volatile boolean running;
    private final EnabledTransports transports;

    public OutboxRelay(OutboxRepository repository, Instance<EventPublisher> publishers, EnabledTransports transports,
                       @ConfigProperty(name = "order.outbox.relay.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "order.outbox.batch-size", defaultValue = "50") int batchSize,
                       @ConfigProperty(name = "order.outbox.ack-timeout", defaultValue = "30s") Duration ackTimeout,
                       @ConfigProperty(name = "order.outbox.backoff.initial", defaultValue = "1s") Duration initialBackoff,
                       @ConfigProperty(name = "order.outbox.backoff.max", defaultValue = "60s") Duration maxBackoff,
                       @ConfigProperty(name = "order.outbox.retention", defaultValue = "P7D") Duration retention,
                       @ConfigProperty(name = "order.outbox.max-in-flight", defaultValue = "10m") Duration maxInFlight) {
        this.maxInFlight = maxInFlight;
        this.repository = repository;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.ackTimeout = ackTimeout;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.retention = retention;
        this.publishers = publishers;
        this.transports = transports;
    }

    /** Late in startup (after the messaging channels are wired): the emitters exist only then. */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        if (enabled) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
        lanes.values().forEach(lane -> lane.thread.shutdownNow());
    }

    /** Right after the order's transaction committed: its events should be on the brokers within milliseconds. */
    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxAppended appended) {
        wakeAll();
    }

    /** The safety net: rows whose wake-up was lost, rows due for a retry, rows of a crashed replica. */
    @Scheduled(every = "${order.outbox.poll-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wakeAll();
    }

    @Scheduled(every = "${order.outbox.cleanup-interval:1h}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanUpScheduled() {
        cleanUp();
    }

    /** Deletes rows sent longer ago than {@code order.outbox.retention}. */
    public int cleanUp() {
        int deleted = QuarkusTransaction.requiringNew().call(() -> repository.deleteSentBefore(retention));
        if (deleted > 0) {
            LOG.debugf("Deleted %d sent outbox rows older than %s", deleted, retention);
        }
        return deleted;
    }

    /** Starts relaying (also what a restart after a crash does: everything still pending goes out). */
    public synchronized void start() {
        if (lanes.isEmpty()) {
            for (EventPublisher publisher : publishers) {
                if (transports.isEnabled(publisher.transport())) {
                    lanes.put(publisher.transport(), new Lane(publisher));
                }
            }
        }
        running = true;
        wakeAll();
    }

    /** Stops taking new batches; a batch in flight completes. */
    public void stop() {
        running = false;
    }

    public boolean isRunning() {
        return running;
    }

    public void wakeAll() {
        if (running) {
            lanes.values().forEach(Lane::wake);
        }
    }

    /**
     * Claims up to {@code limit} pending rows of one transport, publishes them, waits for the broker's
     * acks and marks each row sent or failed, all in one transaction. Safe to call concurrently
     * (that is what several replicas do).
     */
    public BatchResult relayBatch(Transport transport, int limit) {
        return relayBatch(transport, limit, null);
    }

    /** As {@link #relayBatch(Transport, int)}; a failed row is retried after {@code retryIn} (null: by its attempts). */
    BatchResult relayBatch(Transport transport, int limit, Duration retryIn) {
        EventPublisher publisher = publishers.stream().filter(p -> p.transport() == transport).findFirst()
                .orElseThrow(() -> new IllegalStateException("No publisher for " + transport));
        int txTimeoutSeconds = (int) ackTimeout.toSeconds() + 30;
        return QuarkusTransaction.requiringNew().timeout(txTimeoutSeconds).call(() -> {
            List<OutboxRow> rows = repository.claimPending(transport, limit);
            if (rows.isEmpty()) {
                return new BatchResult(0, 0);
            }
            List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
            for (OutboxRow row : rows) {
                acks.add(publishOnce(publisher, row));
            }
            long deadline = System.nanoTime() + ackTimeout.toNanos();
            int failed = 0;
            for (int i = 0; i < rows.size(); i++) {
                OutboxRow row = rows.get(i);
                try {
                    acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    repository.markSent(row.id());
                    inFlight.remove(row.id());
                } catch (ExecutionException | TimeoutException e) {
                    failed++;
                    Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                    InFlight pending = inFlight.get(row.id());
                    if (pending != null && e instanceof TimeoutException) {
                        pending.abandoned = true;
                    }
                    String error = e instanceof TimeoutException
                            ? "no acknowledgement from the broker within " + ackTimeout + " (still in flight)"
                            : String.valueOf(cause);
                    Duration wait = retryIn != null ? retryIn : backoff(row.attempts() + 1);
                    repository.markFailed(row.id(), error, wait);
                    LOG.warnf("Publishing event %s of order %s to %s failed (attempt %d), retry in %s: %s",
                            row.eventId(), row.aggregateId(), transport.column(), row.attempts() + 1, wait, error);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for broker acks", e);
                }
            }
            return new BatchResult(rows.size(), failed);
        });
    }

    /**
     * Hands a row to the broker, unless an earlier hand-over of the same row is still waiting for its
     * ack: a message the relay stopped waiting for may still be delivered (e.g. a Kafka record retried by
     * the producer until {@code delivery.timeout.ms}), so publishing the row again could duplicate it.
     * The earlier attempt is awaited instead, and its late ack marks the row sent. Only after
     * {@code order.outbox.max-in-flight} is an unanswered attempt given up and the row published again.
     */
    private CompletableFuture<Void> publishOnce(EventPublisher publisher, OutboxRow row) {
        InFlight earlier = inFlight.get(row.id());
        if (earlier != null && (earlier.ack.isDone()
                || Duration.between(earlier.since, Instant.now()).compareTo(maxInFlight) < 0)) {
            return earlier.ack;
        }
        CompletableFuture<Void> ack;
        try {
            // Outside the claiming transaction: the emitter would otherwise carry the transaction context
            // to the connector's threads, and the commit would find it active on two threads.
            ack = QuarkusTransaction.suspendingExisting().call(() -> publisher.publish(row)).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        InFlight attempt = new InFlight(ack, Instant.now());
        inFlight.put(row.id(), attempt);
        ack.whenComplete((ok, failure) -> {
            if (failure != null) {
                inFlight.remove(row.id(), attempt); // nacked: the next pass publishes again
            } else if (attempt.abandoned) {
                markSentLate(publisher.transport(), row.id());
            }
        });
        return ack;
    }

    /** An ack that arrived after the relay stopped waiting for it still marks the row sent. */
    private void markSentLate(Transport transport, long rowId) {
        Lane lane = lanes.get(transport);
        Runnable mark = () -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> repository.markSentIfPending(rowId));
                inFlight.remove(rowId);
            } catch (RuntimeException e) {
                LOG.warnf(e, "Cannot mark outbox row %d sent", rowId);
            }
        };
        if (lane != null && !lane.thread.isShutdown()) {
            lane.thread.execute(mark); // not on the broker client's event loop: this blocks on the database
        }
    }

    /** A hand-over to the broker that has not been settled in the outbox yet. */
    private static final class InFlight {
        final CompletableFuture<Void> ack;
        final Instant since;
        /** The relay stopped waiting (timeout): a late ack must mark the row itself. */
        volatile boolean abandoned;

        InFlight(CompletableFuture<Void> ack, Instant since) {
            this.ack = ack;
            this.since = since;
        }
    }

    Duration backoff(int failures) {
        long base = initialBackoff.toMillis() << Math.min(Math.max(failures - 1, 0), 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long jitter = (long) (capped * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(capped - jitter);
    }

    public record BatchResult(int claimed, int failed) {
    }

    /** One transport's relay: a single thread, woken on demand, backing off on failure. */
    private final class Lane {

        final EventPublisher publisher;
        final ScheduledExecutorService thread;
        final AtomicBoolean queued = new AtomicBoolean();
        volatile int consecutiveFailures;
        volatile Instant pausedUntil = Instant.MIN;

        Lane(EventPublisher publisher) {
            this.publisher = publisher;
            this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "outbox-relay-" + publisher.transport().column());
                t.setDaemon(true);
                return t;
            });
        }

        void wake() {
            if (running && !thread.isShutdown() && queued.compareAndSet(false, true)) {
                thread.execute(this::drain);
            }
        }

        private void drain() {
            queued.set(false); // a wake-up from now on queues another pass
            if (!running || Instant.now().isBefore(pausedUntil)) {
                return;
            }
            Transport transport = publisher.transport();
            try {
                while (running) {
                    // After a failure, probe with a single row until the broker answers again.
                    int limit = consecutiveFailures > 0 ? 1 : batchSize;
                    // Failed rows become due again exactly when this lane wakes up after its pause.
                    Duration pauseIfFailing = backoff(consecutiveFailures + 1);
                    BatchResult result = relayBatch(transport, limit, pauseIfFailing);
                    if (result.failed() > 0) {
                        pause(pauseIfFailing);
                        return;
                    }
                    if (consecutiveFailures > 0 && result.claimed() > 0) {
                        LOG.infof("Publishing to %s works again", transport.column());
                        consecutiveFailures = 0;
                    }
                    if (result.claimed() < limit) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "Outbox relay for %s failed", transport.column());
                pause(backoff(consecutiveFailures + 1));
            }
        }

        private void pause(Duration wait) {
            consecutiveFailures++;
            pausedUntil = Instant.now().plus(wait);
            LOG.debugf("Outbox relay for %s pauses for %s", publisher.transport().column(), wait);
            if (!thread.isShutdown()) {
                thread.schedule(this::wake, wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}

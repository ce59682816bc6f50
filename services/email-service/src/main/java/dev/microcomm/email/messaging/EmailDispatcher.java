package dev.microcomm.email.messaging;

import dev.microcomm.email.client.UserContact;
import dev.microcomm.email.client.UserLookup;
import dev.microcomm.email.client.UserNotFoundException;
import dev.microcomm.email.domain.ConfirmationEmail;
import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.domain.OrderInbox;
import dev.microcomm.email.domain.RetryPolicy;
import dev.microcomm.email.domain.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Sends the e-mails of accepted orders. One row per transaction: claim a due row (row lock, SKIP
 * LOCKED), look the user up, hand the e-mail to SMTP, mark the row SENT, commit. A crash before the
 * commit rolls the claim back and the row is sent again later: no e-mail is lost. The only duplicate
 * possible is a crash between SMTP accepting the e-mail and the commit (milliseconds).
 *
 * <p>Transient failures move the row's next attempt into the future (backoff, then parked), so other
 * orders are served meanwhile; an unknown user dead-letters the original event to the DLQ of the
 * transport that delivered it first.
 */
@ApplicationScoped
public class EmailDispatcher {

    private static final Logger LOG = Logger.getLogger(EmailDispatcher.class);

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OrderInbox inbox;
    private final UserLookup users;
    private final ReactiveMailer mailer;
    private final RetryPolicy policy;
    private final KafkaDeadLetterPublisher kafkaDeadLetters;
    private final RabbitDeadLetterPublisher rabbitDeadLetters;
    private final OpenTelemetry telemetry;
    private final Tracer tracer;
    private final MeterRegistry metrics;

    private final ExecutorService workers;
    private final AtomicInteger activeDrains = new AtomicInteger();
    private volatile boolean running;

    public EmailDispatcher(OrderInbox inbox, UserLookup users, ReactiveMailer mailer, RetryPolicy policy,
                           KafkaDeadLetterPublisher kafkaDeadLetters, RabbitDeadLetterPublisher rabbitDeadLetters,
                           OpenTelemetry telemetry, MeterRegistry metrics) {
        this.inbox = inbox;
        this.users = users;
        this.mailer = mailer;
        this.policy = policy;
        this.kafkaDeadLetters = kafkaDeadLetters;
        this.rabbitDeadLetters = rabbitDeadLetters;
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer("email-service");
        this.metrics = metrics;
        // Registered up front so that the series exist (at 0) before the first e-mail.
        metrics.counter("email.sent");
        metrics.counter("email.dead-lettered");
        metrics.counter("email.send.failures");
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(policy.workers(), r -> {
            Thread t = new Thread(r, "email-dispatcher-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        wake();
    }

    /** Finish the e-mail in hand, then stop: a graceful stop never leaves a sent but unrecorded e-mail. */
    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        workers.shutdown();
        if (!workers.awaitTermination(policy.sendTimeout().toSeconds() + 5, TimeUnit.SECONDS)) {
            LOG.warn("The e-mail dispatcher did not finish in time");
        }
    }

    /**
     * Asks for due rows to be drained: starts another drain loop unless all workers are busy (a busy
     * worker picks the new row up anyway before it stops).
     */
    public void wake() {
        while (running) {
            int active = activeDrains.get();
            if (active >= policy.workers()) {
                return;
            }
            if (activeDrains.compareAndSet(active, active + 1)) {
                try {
                    workers.execute(this::drain);
                } catch (RejectedExecutionException e) {
                    activeDrains.decrementAndGet();
                }
                return;
            }
        }
    }

    /** Safety net: rows whose backoff expired, rows left by a crashed replica, missed wake-ups. */
    @Scheduled(every = "${email.delivery.poll-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wake();
    }

    private void drain() {
        try {
            while (running && processNext()) {
                // keep going while there is due work
            }
        } catch (RuntimeException e) {
            // e.g. database down: the scheduler tries again shortly
            LOG.warnf("E-mail dispatch interrupted: %s", e.getMessage());
        } finally {
            activeDrains.decrementAndGet();
        }
    }

    /** Handles one due row in its own transaction; false when there was none. */
    boolean processNext() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) policy.sendTimeout().toSeconds() + 5)
                .call(() -> inbox.claimNextDue().map(row -> {
                    handle(row);
                    return true;
                }).orElse(false));
    }

    private void handle(OrderEmail row) {
        Span span = tracer.spanBuilder("send order confirmation")
                .setParent(parentOf(row))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("order.id", row.orderId)
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            MDC.put("traceId", span.getSpanContext().getTraceId());
            MDC.put("spanId", span.getSpanContext().getSpanId());
            MDC.put("orderId", row.orderId);
            try {
                UserContact user = users.find(row.userId);
                ConfirmationEmail email = ConfirmationEmail.of(row, user.email(), user.name());
                mailer.send(Mail.withText(email.to(), email.subject(), email.text()))
                        .await().atMost(policy.sendTimeout());
                row.markSent(email.to(), email.subject(), Instant.now());
                metrics.counter("email.sent").increment();
                LOG.infof("Sent confirmation e-mail for order %s to %s", row.orderId, email.to());
            } catch (UserNotFoundException e) {
                deadLetter(row, e.getMessage());
            } catch (RuntimeException e) {
                span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                retryLater(row, e);
            }
        } finally {
            MDC.remove("traceId");
            MDC.remove("spanId");
            MDC.remove("orderId");
            span.end();
        }
    }

    private void deadLetter(OrderEmail row, String reason) {
        try {
            if (row.transport == Transport.KAFKA) {
                kafkaDeadLetters.publish(row.orderId, row.payload, reason);
            } else {
                rabbitDeadLetters.publish(row.payload, null, reason);
            }
            row.markDeadLettered(reason);
            metrics.counter("email.dead-lettered").increment();
            LOG.warnf("Dead-lettered order %s to %s (%s): %s", row.orderId, DeadLetters.DESTINATION,
                    row.transport.wireName(), reason);
        } catch (Exception e) {
            retryLater(row, e);
        }
    }

    private void retryLater(OrderEmail row, Exception e) {
        int failedAttempts = row.attempts + 1;
        Instant next = Instant.now().plus(policy.delayAfter(failedAttempts));
        row.scheduleRetry(next, e.getClass().getSimpleName() + ": " + e.getMessage());
        metrics.counter("email.send.failures").increment();
        if (policy.isParked(failedAttempts)) {
            LOG.warnf("E-mail for order %s failed %d times, parked until %s: %s", row.orderId, failedAttempts, next,
                    e.getMessage());
        } else {
            LOG.infof("E-mail for order %s failed (attempt %d), retry at %s: %s", row.orderId, failedAttempts, next,
                    e.getMessage());
        }
    }

    private Context parentOf(OrderEmail row) {
        if (row.traceparent == null || row.traceparent.isBlank()) {
            return Context.root();
        }
        return telemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), Map.of("traceparent", row.traceparent), MAP_GETTER);
    }

}

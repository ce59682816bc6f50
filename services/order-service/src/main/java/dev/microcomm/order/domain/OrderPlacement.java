package dev.microcomm.order.domain;

import dev.microcomm.order.client.UserExistence;
import dev.microcomm.order.client.UserLookup;
import dev.microcomm.order.messaging.TraceContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The rules for placing an order: an Idempotency-Key repeat answers the first order; otherwise the
 * user must exist (asked synchronously, before any transaction is open), then the order and its
 * events are stored together.
 */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);

    private final UserLookup users;
    private final OrderStore store;
    private final Duration userCheckBound;

    public OrderPlacement(UserLookup users, OrderStore store,
                          @ConfigProperty(name = "order.user-lookup.hard-limit", defaultValue = "10s")
                          Duration userCheckBound) {
        this.users = users;
        this.store = store;
        this.userCheckBound = userCheckBound;
    }

    public PlacedOrder place(NewOrder request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<PlacedOrder> earlier = earlierOrder(request, idempotencyKey);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        requireUser(request.userId());
        try {
            OrderView order = store.create(request, idempotencyKey, TraceContext.currentTraceparent());
            // The trace id is in the MDC already (OpenTelemetry); the order id joins it for this line.
            MDC.put("orderId", order.id());
            try {
                LOG.infof("Order %s created for user %s", order.id(), order.userId());
            } finally {
                MDC.remove("orderId");
            }
            return new PlacedOrder(order, true);
        } catch (PersistenceException e) {
            if (idempotencyKey != null && isKeyConflict(e)) {
                // Lost the race against a concurrent request with the same key: answer with the winner's order.
                return earlierOrder(request, idempotencyKey).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Optional<PlacedOrder> earlierOrder(NewOrder request, String idempotencyKey) {
        return store.findByKey(idempotencyKey).map(earlier -> {
            if (!earlier.requestHash().equals(request.fingerprint())) {
                throw new IdempotencyKeyReusedException(idempotencyKey);
            }
            return new PlacedOrder(earlier.order(), false);
        });
    }

    private void requireUser(String userId) {
        UserExistence answer;
        try {
            // The fault-tolerance guard bounds this call; the await limit is only a last-resort safety net.
            answer = users.check(userId).await().atMost(userCheckBound);
        } catch (RuntimeException e) {
            LOG.debugf("User check for %s failed: %s", userId, e.toString());
            throw new UserCheckUnavailableException(reasonOf(e), e);
        }
        if (answer == UserExistence.UNKNOWN) {
            throw new UserNotFoundException(userId);
        }
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "user-service has been failing; calls are paused (circuit open).";
        }
        if (e instanceof BulkheadException) {
            return "Too many user checks are in progress.";
        }
        if (e instanceof TimeoutException || e instanceof io.smallrye.mutiny.TimeoutException) {
            return "user-service did not answer in time.";
        }
        return "user-service cannot answer right now.";
    }

    private static boolean isKeyConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException cve
                    && IdempotencyRecord.PRIMARY_KEY.equalsIgnoreCase(cve.getConstraintName())) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains(IdempotencyRecord.PRIMARY_KEY)) {
                return true;
            }
        }
        return false;
    }
}

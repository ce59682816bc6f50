package dev.microcomm.email.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a pending e-mail is retried after a transient failure (user-service or SMTP down): exponential
 * backoff for the first attempts, then parked at a long interval, never dropped. Other orders are
 * served in between because a failed row moves its next attempt into the future.
 */
@ConfigMapping(prefix = "email.delivery")
public interface RetryPolicy {

    /** Delay after the first failed attempt; doubles with each further one. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** Longest delay of the backoff phase. */
    @WithDefault("1m")
    Duration maxBackoff();

    /** After this many failed attempts the row is parked: retried only every {@link #parkedInterval()}. */
    @WithDefault("10")
    int maxAttemptsBeforeParking();

    @WithDefault("10m")
    Duration parkedInterval();

    /** Safety-net poll for due rows (new rows also wake the dispatcher immediately). */
    @WithDefault("1s")
    Duration pollInterval();

    /** E-mails sent in parallel by one replica (rows are claimed with SKIP LOCKED, so this is safe). */
    @WithDefault("4")
    int workers();

    /** Upper bound for one send (user lookup + SMTP); the row lock is held that long at most. */
    @WithDefault("30s")
    Duration sendTimeout();

    default Duration delayAfter(int failedAttempts) {
        if (failedAttempts >= maxAttemptsBeforeParking()) {
            return parkedInterval();
        }
        long factor = 1L << Math.min(Math.max(failedAttempts - 1, 0), 20);
        Duration delay = initialBackoff().multipliedBy(factor);
        return delay.compareTo(maxBackoff()) > 0 ? maxBackoff() : delay;
    }

    default boolean isParked(int failedAttempts) {
        return failedAttempts >= maxAttemptsBeforeParking();
    }
}

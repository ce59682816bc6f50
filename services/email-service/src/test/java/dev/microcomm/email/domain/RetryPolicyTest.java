package dev.microcomm.email.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    final RetryPolicy policy = new RetryPolicy() {
        public Duration initialBackoff() { return Duration.ofSeconds(1); }
        public Duration maxBackoff() { return Duration.ofSeconds(30); }
        public int maxAttemptsBeforeParking() { return 8; }
        public Duration parkedInterval() { return Duration.ofMinutes(10); }
        public Duration pollInterval() { return Duration.ofSeconds(1); }
        public Duration sendTimeout() { return Duration.ofSeconds(30); }
        public int workers() { return 4; }
    };

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.delayAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.isParked(7)).isFalse();
    }

    @Test
    void afterTheBoundedRetriesTheEmailIsParkedNotDropped() {
        assertThat(policy.isParked(8)).isTrue();
        assertThat(policy.delayAfter(8)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.delayAfter(500)).isEqualTo(Duration.ofMinutes(10));
    }
}

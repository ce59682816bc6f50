package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microcomm.testsupport.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synchronous side: a dead user-service makes POST /orders fail fast (503 + Retry-After),
 * stores nothing and emits nothing; the breaker then answers without calling; recovery needs no restart
 * of anything but user-service.
 */
class UserServiceOutageIT extends SystemTest {

    @Test
    void deadUserServiceGivesFast503sThenRecovers() {
        String[] user = createUser(sys, "Outage");
        sys.users.kill();

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            Api.Reply r = placeOrder(sys, user[0]);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isNotBlank();
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        long worst = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("[e2e] POST /orders with user-service down: worst %d ms, all %s%n", worst, millis);
        // Functional bound from the configuration (timeout 1 s x 3 attempts within max-duration 3 s), not a benchmark.
        assertThat(worst).isLessThan(5_000);

        // The breaker is open now: answered without calling user-service (its metrics say so).
        assertThat(breakerOpenCalls()).isPositive();

        // Nothing was stored and nothing was emitted for this user.
        assertThat(Api.get(sys.orders.url() + "/orders?userId=" + user[0]).json()).isEmpty();
        assertThat(E2eSystem.count("orders_e2e", "select count(*) from orders where user_id = ?", user[0])).isZero();
        assertThat(E2eSystem.count("orders_e2e",
                "select count(*) from outbox_events where payload like ?", "%" + user[0] + "%")).isZero();

        // user-service comes back: orders succeed again (after the breaker's delay), nothing else restarted.
        sys.users.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> placeOrder(sys, user[0]).status() == 201);
        Mail.exactlyOne(sys, user[1], Duration.ofSeconds(60));
    }

    /** Calls the breaker refused while open, summed over the guarded lookups, from /q/metrics. */
    static double breakerOpenCalls() {
        return PrometheusText.sum(Api.get(sys.orders.url() + "/q/metrics").body(), "ft_circuitbreaker_calls_total",
                "circuitBreakerResult=\"circuitBreakerOpen\"");
    }
}

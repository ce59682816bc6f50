package dev.microcomm.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.Inbox;
import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Neighbours going down and coming back: the e-mail waits (retries, backoff) and goes out once. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class TransientFailureTest extends BrokerTest {

    @Test
    void smtpDownThenUpSendsTheEmailOnce() {
        String orderId = "smtp-down-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Niklaus", "niklaus-" + userId + "@example.org");

        TestEnvironment.smtp().stop();
        try {
            brokers.sendKafka(orderId, Brokers.orderJson(orderId, userId, "p", "2").getBytes(StandardCharsets.UTF_8),
                    Map.of());
            // the service tried and failed, and keeps the e-mail pending
            await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                    .map(r -> r.attempts() >= 2 && r.status() == OrderEmail.Status.PENDING).orElse(false));
        } finally {
            TestEnvironment.smtp().start();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    @Test
    void userServiceUnavailableThenBackSendsTheEmailOnce() {
        String orderId = "grpc-down-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Barbara", "barbara-" + userId + "@example.org");

        TestEnvironment.users().stop();
        try {
            brokers.sendRabbit(Brokers.orderJson(orderId, userId, "p", "2"));
            await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                    .map(r -> r.attempts() >= 2 && r.status() == OrderEmail.Status.PENDING).orElse(false));
            assertThat(Inbox.row(orderId).orElseThrow().lastError()).containsAnyOf("UNAVAILABLE", "circuit breaker");
        } finally {
            TestEnvironment.users().start();
        }

        // the circuit breaker may still be open for a few seconds after user-service is back
        await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    @Test
    void aWaitingEmailDoesNotBlockOthers() {
        String stuckOrder = "stuck-" + UUID.randomUUID();
        String stuckUser = UUID.randomUUID().toString();
        // user-service fails (INTERNAL) for this one user until it is registered at the end
        String goodOrder = "not-blocked-" + UUID.randomUUID();
        String goodUser = UUID.randomUUID().toString();
        TestEnvironment.users().register(goodUser, "Ken", "ken-" + goodUser + "@example.org");
        TestEnvironment.users().failFor(stuckUser);
        try {
            brokers.sendKafka(stuckOrder, Brokers.orderJson(stuckOrder, stuckUser, "p", "1")
                    .getBytes(StandardCharsets.UTF_8), Map.of());
            await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(stuckOrder)
                    .map(r -> r.attempts() >= 1).orElse(false));
            brokers.sendKafka(goodOrder, Brokers.orderJson(goodOrder, goodUser, "p", "1")
                    .getBytes(StandardCharsets.UTF_8), Map.of());

            await().atMost(Duration.ofSeconds(90)).until(() -> TestEnvironment.smtp().messagesFor(goodOrder).size() == 1);
            assertThat(Inbox.row(stuckOrder).orElseThrow().status()).isEqualTo(OrderEmail.Status.PENDING);
        } finally {
            TestEnvironment.users().register(stuckUser, "Dennis", "dennis-" + stuckUser + "@example.org");
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> TestEnvironment.smtp().messagesFor(stuckOrder).size() == 1);
    }
}

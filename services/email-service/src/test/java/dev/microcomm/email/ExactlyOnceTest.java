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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** One order, however many times and over however many transports it arrives, is one e-mail. */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class ExactlyOnceTest extends BrokerTest {

    @Test
    void theSameEventTwiceOnEachTransportAtTheSameMomentGivesOneEmail() throws Exception {
        String orderId = "dup-concurrent-" + UUID.randomUUID();
        byte[] body = registeredOrder(orderId);

        // four publishers released together: twice on Kafka, twice on RabbitMQ
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> sends = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sends.add(CompletableFuture.runAsync(() -> {
                    awaitLatch(start);
                    brokers.sendKafka(orderId, body, Map.of());
                }, pool));
                sends.add(CompletableFuture.runAsync(() -> {
                    awaitLatch(start);
                    brokers.sendRabbit(body, null);
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }

        assertOneEmailAfterAllDeliveries(orderId, 4);
    }

    @Test
    void theSameEventOnBothTransportsMinutesApartGivesOneEmail() {
        String orderId = "dup-later-" + UUID.randomUUID();
        byte[] body = registeredOrder(orderId);

        brokers.sendRabbit(body, null);
        await().atMost(Duration.ofSeconds(90)).until(() -> TestEnvironment.smtp().messagesFor(orderId).size() == 1);
        // long after the e-mail went out, the same event arrives again on both transports
        brokers.sendKafka(orderId, body, Map.of());
        brokers.sendKafka(orderId, body, Map.of());
        brokers.sendRabbit(body, null);

        assertOneEmailAfterAllDeliveries(orderId, 4);
        assertThat(Inbox.row(orderId).orElseThrow().transport()).as("the transport that delivered first")
                .isEqualTo("rabbitmq");
    }

    private static byte[] registeredOrder(String orderId) {
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Barbara Liskov", "barbara-" + userId + "@example.org");
        return Brokers.orderJson(orderId, userId, "chair-9", "149.00").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits until every delivery has been consumed (the service counts them on the order's row) and
     * the e-mail is recorded as sent; only then is "exactly one" meaningful.
     */
    private static void assertOneEmailAfterAllDeliveries(String orderId, int deliveries) {
        await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                .map(r -> r.deliveries() == deliveries && r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

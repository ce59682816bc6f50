package dev.microcomm.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.Inbox;
import dev.microcomm.email.support.LogCapture;
import dev.microcomm.email.support.Smtp;
import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class KafkaDeliveryTest extends BrokerTest {

    static final LogCapture LOG = new LogCapture("dev.microcomm.email.messaging.EmailDispatcher");

    @BeforeAll
    static void captureLog() {
        LOG.start();
    }

    @AfterAll
    static void stopCapture() {
        LOG.stop();
    }

    @Test
    void anOrderCreatedEventOnKafkaSendsOneEmailToTheUser() {
        String orderId = "kafka-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Ada Lovelace", "ada-" + userId + "@example.org");

        // exactly as order-service publishes: key = order id, CloudEvents headers, traceparent
        brokers.sendKafka(orderId, Brokers.orderJson(orderId, userId, "book-42", "12.50").getBytes(StandardCharsets.UTF_8),
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "order.created",
                        "ce_source", "order-service",
                        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        List<MimeMessage> mails = await().atMost(Duration.ofSeconds(90))
                .until(() -> TestEnvironment.smtp().messagesFor(orderId), m -> !m.isEmpty());
        MimeMessage mail = mails.get(0);
        assertThat(Smtp.recipientOf(mail)).isEqualTo("ada-" + userId + "@example.org");
        assertThat(Smtp.subjectOf(mail)).contains(orderId).contains("book-42").contains("12.50");
        assertThat(Smtp.bodyOf(mail)).contains(orderId).contains("book-42").contains("12.50");

        await().atMost(Duration.ofSeconds(10)).until(() -> Inbox.row(orderId)
                .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(Inbox.row(orderId).orElseThrow().transport()).isEqualTo("kafka");
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);

        // the send continues the producer's trace: its log line carries the incoming trace id
        assertThat(LOG.records()).anySatisfy(r -> {
            assertThat(r.getFormattedMessage()).isEqualTo("Sent confirmation e-mail for order " + orderId + " to ada-"
                    + userId + "@example.org");
            assertThat(r.getMdc("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        });
    }

    @Test
    void anEventWithoutKeyOrHeadersIsValid() {
        String orderId = "kafka-plain-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Grace Hopper", "grace-" + userId + "@example.org");

        brokers.sendKafka(Brokers.orderJson(orderId, userId, "pen-7", "3"));

        List<MimeMessage> mails = await().atMost(Duration.ofSeconds(90))
                .until(() -> TestEnvironment.smtp().messagesFor(orderId), m -> !m.isEmpty());
        assertThat(Smtp.recipientOf(mails.get(0))).isEqualTo("grace-" + userId + "@example.org");
    }
}

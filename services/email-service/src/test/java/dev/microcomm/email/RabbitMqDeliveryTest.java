package dev.microcomm.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.Inbox;
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
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class RabbitMqDeliveryTest extends BrokerTest {

    @Test
    void anOrderCreatedEventOnRabbitMqSendsOneEmailToTheUser() {
        String orderId = "rabbit-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Alan Turing", "alan-" + userId + "@example.org");

        // as order-service publishes: persistent, application/json, message_id = event id, traceparent
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .deliveryMode(2).contentType("application/json").messageId(UUID.randomUUID().toString())
                .headers(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
                .build();
        brokers.sendRabbit(Brokers.orderJson(orderId, userId, "lamp-3", "99.99").getBytes(StandardCharsets.UTF_8), props);

        List<MimeMessage> mails = await().atMost(Duration.ofSeconds(90))
                .until(() -> TestEnvironment.smtp().messagesFor(orderId), m -> !m.isEmpty());
        assertThat(Smtp.recipientOf(mails.get(0))).isEqualTo("alan-" + userId + "@example.org");
        assertThat(Smtp.subjectOf(mails.get(0))).contains(orderId).contains("lamp-3").contains("99.99");

        await().atMost(Duration.ofSeconds(10)).until(() -> Inbox.row(orderId)
                .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(Inbox.row(orderId).orElseThrow().transport()).isEqualTo("rabbitmq");
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    /** The original design's Node publisher: assertQueue('order.created') + sendToQueue(JSON), nothing else. */
    @Test
    void aMessagePublishedLikeTheOriginalNodePublisherSendsOneEmail() {
        String orderId = "node-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Linus", "linus-" + userId + "@example.org");

        brokers.sendRabbit(Brokers.orderJson(orderId, userId, "mug-1", "5.5")); // plain declare, no properties

        List<MimeMessage> mails = await().atMost(Duration.ofSeconds(90))
                .until(() -> TestEnvironment.smtp().messagesFor(orderId), m -> !m.isEmpty());
        assertThat(Smtp.recipientOf(mails.get(0))).isEqualTo("linus-" + userId + "@example.org");
        await().atMost(Duration.ofSeconds(10)).until(() -> Inbox.row(orderId)
                .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    /** Both queues, as the service declared them, accept the plain declaration (no x- arguments). */
    @Test
    void theQueuesTheServiceUsesAcceptAPlainDeclaration() throws Exception {
        try (Channel channel = brokers.rabbit().createChannel()) {
            AMQP.Queue.DeclareOk main = channel.queueDeclare("order.created", true, false, false, null);
            AMQP.Queue.DeclareOk dlq = channel.queueDeclare("order.created.dlq", true, false, false, null);
            assertThat(main.getQueue()).isEqualTo("order.created");
            assertThat(main.getConsumerCount()).as("the service consumes order.created").isGreaterThanOrEqualTo(1);
            assertThat(dlq.getQueue()).isEqualTo("order.created.dlq");
        }
    }
}

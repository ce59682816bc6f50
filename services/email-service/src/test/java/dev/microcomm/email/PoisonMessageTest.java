package dev.microcomm.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.Inbox;
import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * What cannot be processed goes to order.created.dlq with its original body byte for byte and the
 * reason in dead-letter-reason, and does not hold up the next good message.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class PoisonMessageTest extends BrokerTest {

    @Test
    void kafkaPoisonGoesToTheDlqWithAReasonAndTheNextGoodMessageIsHandled() {
        String marker = UUID.randomUUID().toString();
        byte[] notJson = ("this is not JSON " + marker).getBytes(StandardCharsets.UTF_8);
        byte[] missingId = ("{\"userId\":\"u-" + marker + "\",\"productId\":\"p\",\"amount\":1}")
                .getBytes(StandardCharsets.UTF_8);
        String unknownUserOrder = "unknown-user-" + marker;
        byte[] unknownUser = Brokers.orderJson(unknownUserOrder, "nobody-" + marker, "p", "1")
                .getBytes(StandardCharsets.UTF_8);
        String goodOrder = "after-poison-kafka-" + marker;
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Edsger", "edsger-" + userId + "@example.org");

        try (Brokers.KafkaDlqReader dlq = brokers.kafkaDlqFromNow()) {
            brokers.sendKafka("not-json-" + marker, notJson, Map.of());
            brokers.sendKafka("empty-" + marker, new byte[0], Map.of());
            brokers.sendKafka("missing-id-" + marker, missingId, Map.of());
            brokers.sendKafka(unknownUserOrder, unknownUser, Map.of());
            brokers.sendKafka(goodOrder, Brokers.orderJson(goodOrder, userId, "p", "1").getBytes(StandardCharsets.UTF_8),
                    Map.of());

            assertDeadLettered(dlq, "not-json-" + marker, notJson, "not JSON");
            assertDeadLettered(dlq, "empty-" + marker, new byte[0], "empty body");
            assertDeadLettered(dlq, "missing-id-" + marker, missingId, "missing field 'id'");
            assertDeadLettered(dlq, unknownUserOrder, unknownUser, "not found");
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> TestEnvironment.smtp().messagesFor(goodOrder).size() == 1);
        assertThat(Inbox.row(unknownUserOrder).orElseThrow().status()).isEqualTo(OrderEmail.Status.DEAD_LETTERED);
        assertThat(TestEnvironment.smtp().messagesFor(unknownUserOrder)).isEmpty();
    }

    @Test
    void rabbitMqPoisonGoesToTheDlqWithAReasonAndTheNextGoodMessageIsHandled() {
        String marker = UUID.randomUUID().toString();
        byte[] notJson = ("<order>" + marker + "</order>").getBytes(StandardCharsets.UTF_8);
        byte[] missingId = ("{\"userId\":\"u-" + marker + "\",\"productId\":\"p\",\"amount\":1}")
                .getBytes(StandardCharsets.UTF_8);
        String unknownUserOrder = "unknown-user-rabbit-" + marker;
        byte[] unknownUser = Brokers.orderJson(unknownUserOrder, "nobody-" + marker, "p", "1")
                .getBytes(StandardCharsets.UTF_8);
        String goodOrder = "after-poison-rabbit-" + marker;
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Tony", "tony-" + userId + "@example.org");
        String emptyMessageId = "empty-" + marker;

        brokers.sendRabbit(notJson, null);
        brokers.sendRabbit(new byte[0], new AMQP.BasicProperties.Builder().messageId(emptyMessageId).build());
        brokers.sendRabbit(missingId, null);
        brokers.sendRabbit(unknownUser, null);
        brokers.sendRabbit(Brokers.orderJson(goodOrder, userId, "p", "1").getBytes(StandardCharsets.UTF_8), null);

        assertRabbitDeadLettered(r -> Arrays.equals(r.getBody(), notJson), notJson, "not JSON");
        assertRabbitDeadLettered(r -> emptyMessageId.equals(r.getProps().getMessageId()), new byte[0], "empty body");
        assertRabbitDeadLettered(r -> Arrays.equals(r.getBody(), missingId), missingId, "missing field 'id'");
        assertRabbitDeadLettered(r -> Arrays.equals(r.getBody(), unknownUser), unknownUser, "not found");

        await().atMost(Duration.ofSeconds(90)).until(() -> TestEnvironment.smtp().messagesFor(goodOrder).size() == 1);
        assertThat(TestEnvironment.smtp().messagesFor(unknownUserOrder)).isEmpty();
    }

    private static void assertDeadLettered(Brokers.KafkaDlqReader dlq, String key, byte[] body, String reason) {
        ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(90))
                .until(() -> dlq.find(r -> key.equals(r.key())), Optional::isPresent).orElseThrow();
        assertThat(record.value()).as("original body, byte for byte").isEqualTo(body);
        assertThat(Brokers.header(record, "dead-letter-reason")).contains(reason);
    }

    private static void assertRabbitDeadLettered(java.util.function.Predicate<GetResponse> match, byte[] body,
                                                 String reason) {
        GetResponse message = await().atMost(Duration.ofSeconds(90))
                .until(() -> brokers.takeFromRabbitDlq(match), Optional::isPresent).orElseThrow();
        assertThat(message.getBody()).as("original body, byte for byte").isEqualTo(body);
        assertThat(Brokers.header(message, "dead-letter-reason")).contains(reason);
    }
}

package dev.microcomm.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microcomm.email.domain.OrderEmail;
import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.Inbox;
import dev.microcomm.email.support.TestEnvironment;
import dev.microcomm.testsupport.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads on {@code /q/metrics}: events consumed, duplicates skipped and messages dead-lettered per
 * transport, e-mails sent. Counted while real messages go through both brokers.
 */
@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class MetricsTest extends BrokerTest {

    static final List<String> SERIES = List.of(
            "email_events_total{outcome=\"accepted\",transport=\"kafka\"}",
            "email_events_total{outcome=\"accepted\",transport=\"rabbitmq\"}",
            "email_events_total{outcome=\"duplicate\",transport=\"kafka\"}",
            "email_events_total{outcome=\"duplicate\",transport=\"rabbitmq\"}",
            "email_events_total{outcome=\"dead-lettered\",transport=\"kafka\"}",
            "email_events_total{outcome=\"dead-lettered\",transport=\"rabbitmq\"}",
            "email_sent_total",
            "email_dead_lettered_total",
            "email_send_failures_total");

    @Test
    void everySeriesIsThereBeforeItsFirstEvent() {
        assertThat(scrape().keySet()).containsAll(SERIES);
    }

    @Test
    void consumedDuplicateDeadLetteredAndSentAreCountedPerTransport() {
        Map<String, Double> before = scrape();
        String marker = UUID.randomUUID().toString();
        String orderId = "metrics-" + marker;
        String userId = UUID.randomUUID().toString();
        TestEnvironment.users().register(userId, "Grace", "grace-" + userId + "@example.org");
        byte[] order = Brokers.orderJson(orderId, userId, "lamp", "30.00").getBytes(StandardCharsets.UTF_8);
        byte[] unknownUser = Brokers.orderJson("metrics-unknown-" + marker, "nobody-" + marker, "p", "1")
                .getBytes(StandardCharsets.UTF_8);
        byte[] kafkaPoison = ("not JSON (kafka) " + marker).getBytes(StandardCharsets.UTF_8);
        byte[] rabbitPoison = ("not JSON (rabbitmq) " + marker).getBytes(StandardCharsets.UTF_8);

        try (Brokers.KafkaDlqReader kafkaDlq = brokers.kafkaDlqFromNow()) {
            brokers.sendRabbit(order, null);
            await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                    .map(r -> r.status() == OrderEmail.Status.SENT).orElse(false));
            brokers.sendKafka(orderId, order, Map.of());
            await().atMost(Duration.ofSeconds(90)).until(() -> Inbox.row(orderId)
                    .map(r -> r.deliveries() == 2).orElse(false));

            brokers.sendKafka("poison-" + marker, kafkaPoison, Map.of());
            brokers.sendRabbit(rabbitPoison, null);
            brokers.sendRabbit(unknownUser, null);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> kafkaDlq.find(r -> Arrays.equals(r.value(), kafkaPoison)), Optional::isPresent);
        }
        await().atMost(Duration.ofSeconds(90))
                .until(() -> brokers.takeFromRabbitDlq(r -> Arrays.equals(r.getBody(), rabbitPoison)), Optional::isPresent);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> brokers.takeFromRabbitDlq(r -> Arrays.equals(r.getBody(), unknownUser)), Optional::isPresent);

        // Other test classes share this application, so growth is asserted, not absolute values.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Double> grown = growth(before, scrape());
            assertThat(grown.get("email_events_total{outcome=\"accepted\",transport=\"rabbitmq\"}"))
                    .as("accepted over RabbitMQ: the order and the unknown user's order").isGreaterThanOrEqualTo(2);
            assertThat(grown.get("email_events_total{outcome=\"duplicate\",transport=\"kafka\"}"))
                    .as("the same order again over Kafka").isGreaterThanOrEqualTo(1);
            assertThat(grown.get("email_events_total{outcome=\"dead-lettered\",transport=\"kafka\"}"))
                    .as("not JSON over Kafka").isGreaterThanOrEqualTo(1);
            assertThat(grown.get("email_events_total{outcome=\"dead-lettered\",transport=\"rabbitmq\"}"))
                    .as("not JSON over RabbitMQ").isGreaterThanOrEqualTo(1);
            assertThat(grown.get("email_dead_lettered_total"))
                    .as("the unknown user's order, dead-lettered after the lookup").isGreaterThanOrEqualTo(1);
            assertThat(grown.get("email_sent_total")).as("the e-mail").isGreaterThanOrEqualTo(1);
        });
        assertThat(TestEnvironment.smtp().messagesFor(orderId)).hasSize(1);
    }

    /** The samples of {@code /q/metrics}, by series (name plus labels). */
    static Map<String, Double> scrape() {
        return PrometheusText.samples(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static Map<String, Double> growth(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> grown = new HashMap<>();
        for (String series : SERIES) {
            grown.put(series, after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0));
        }
        return grown;
    }
}

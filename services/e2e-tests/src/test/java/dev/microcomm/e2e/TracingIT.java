package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** One POST /orders is one trace: its trace id reaches the events and email-service's send. */
class TracingIT extends SystemTest {

    @Test
    void traceIdOfThePostTravelsToTheKafkaRecordAndTheEmailLog() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(span);
        String traceId = HexFormat.of().formatHex(trace);
        String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";

        String[] user = createUser(sys, "Traced");
        Api.Reply order = placeOrder(sys, user[0], "traced-product", "5.00", Map.of("traceparent", traceparent));
        assertThat(order.status()).isEqualTo(201);
        String orderId = order.json().get("id").asText();

        var records = Brokers.kafkaRead("order.created", r -> orderId.equals(r.key()), found -> !found.isEmpty(),
                Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        assertThat(Brokers.header(records.get(0), "traceparent")).contains(traceId);

        // order-service's JSON log line for the order carries the trace id and the order id.
        assertThat(sys.orders.logText().lines()
                .filter(l -> l.contains("\"orderId\":\"" + orderId + "\"") && l.contains(traceId))).isNotEmpty();

        Mail.exactlyOne(sys, user[1], Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sys.emails.logText().lines()
                .filter(l -> l.contains("\"orderId\":\"" + orderId + "\"") && l.contains(traceId))).isNotEmpty());
    }
}

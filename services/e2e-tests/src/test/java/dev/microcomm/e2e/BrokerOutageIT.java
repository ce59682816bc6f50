package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Kafka down for 30 s, then RabbitMQ down for 30 s, while orders are placed: every order still gets
 * exactly one e-mail, and each order's event reaches Kafka exactly once.
 * Kafka is stopped with the local stack (it must be ours); RabbitMQ is cut with the test's proxy.
 */
class BrokerOutageIT extends SystemTest {

    static final Duration OUTAGE = Duration.ofSeconds(30);

    @AfterAll
    static void restoreBrokers() {
        sys.stack("start", "kafka");
        sys.rabbit.restore();
        sys.ensureDefaults();
    }

    @Test
    void ordersDuringBrokerOutagesGetExactlyOneEmailEach() {
        Map<String, String> orderToRecipient = new LinkedHashMap<>();

        assumeTrue(sys.stack("stop", "kafka") == 0, "Kafka on " + E2eSystem.KAFKA + " is not the local stack's");
        try {
            placeOrdersFor(OUTAGE, orderToRecipient, "Kafka Down");
        } finally {
            assertThat(sys.stack("start", "kafka")).isZero();
        }

        sys.rabbit.cut();
        try {
            placeOrdersFor(OUTAGE, orderToRecipient, "Rabbit Down");
        } finally {
            sys.rabbit.restore();
        }

        int duplicates = 0;
        for (String to : orderToRecipient.values()) {
            Mail.exactlyOne(sys, to, Duration.ofSeconds(120));
            duplicates += sys.mailsTo(to).size() - 1;
        }
        System.out.printf("[e2e] broker outages: %d orders, %d e-mails, %d duplicates%n", orderToRecipient.size(),
                orderToRecipient.size() + duplicates, duplicates);

        // Exactly one Kafka record per order (the outbox did not publish twice after the outages).
        var records = Brokers.kafkaRead("order.created", r -> orderToRecipient.containsKey(r.key()),
                found -> found.size() >= orderToRecipient.size(), Duration.ofSeconds(60));
        Map<String, Integer> perOrder = new HashMap<>();
        records.forEach(r -> perOrder.merge(r.key(), 1, Integer::sum));
        assertThat(perOrder.keySet()).containsExactlyInAnyOrderElementsOf(orderToRecipient.keySet());
        assertThat(perOrder.values()).allMatch(n -> n == 1);
        records.forEach(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains(r.key()));
    }

    /** One order every 2 s for the duration; every one must be accepted (201) although a broker is down. */
    static void placeOrdersFor(Duration duration, Map<String, String> sink, String label) {
        Instant end = Instant.now().plus(duration);
        List<Long> millis = new ArrayList<>();
        int i = 0;
        while (Instant.now().isBefore(end)) {
            String[] user = createUser(sys, label + " " + i++);
            long start = System.nanoTime();
            Api.Reply r = placeOrder(sys, user[0]);
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            sink.put(r.json().get("id").asText(), user[1]);
            ServiceProcess.sleep(2000);
        }
        System.out.printf("[e2e] %s: %d orders accepted, POST latencies ms %s%n", label, i, millis);
    }
}

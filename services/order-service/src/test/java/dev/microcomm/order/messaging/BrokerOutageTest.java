package dev.microcomm.order.messaging;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.BrokerProxiesResource;
import dev.microcomm.order.support.BrokerProxiesResource.BrokerProxies;
import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.KafkaEvents;
import dev.microcomm.order.support.Metrics;
import dev.microcomm.order.support.Orders;
import dev.microcomm.order.support.RabbitEvents;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Brokers down at order time: orders are still accepted, their events wait in the outbox, and each goes
 * out exactly once per transport when the broker is back. A Kafka outage does not hold up RabbitMQ.
 */
@QuarkusTest
@TestProfile(BrokerOutageTest.BrokersBehindProxies.class)
@WithTestResource(UserServiceSimulatorResource.class)
class BrokerOutageTest {

    public static class BrokersBehindProxies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Fail a send to an unreachable Kafka within a few seconds (then the relay backs off and retries).
            return Map.of(
                    "mp.messaging.outgoing.order-created-kafka.max.block.ms", "2000",
                    "mp.messaging.outgoing.order-created-kafka.request.timeout.ms", "2000",
                    "mp.messaging.outgoing.order-created-kafka.delivery.timeout.ms", "4000",
                    "order.outbox.ack-timeout", "4s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerProxiesResource.class));
        }
    }

    static final Duration RECOVERY = Duration.ofSeconds(60);

    @InjectUserService
    UserServiceSimulator userService;

    BrokerProxies brokers;

    @Inject
    AgroalDataSource db;

    @Test
    void ordersAreAcceptedWhileBrokersAreDownAndTheirEventsGoOutOnceWhenTheyAreBack() throws Exception {
        userService.reset();
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            // RabbitMQ reachable: proves the path works before the cut.
            String before = Orders.post(body(knownUser(), "p-0", "1")).then().statusCode(201).extract().path("id");
            rabbit.await(before, 1, RECOVERY);

            // Kafka has been unreachable from the start; now RabbitMQ goes down too.
            brokers.rabbit().cut();
            String orderId = Orders.post(body(knownUser(), "p-1", "12.5")).then().statusCode(201).extract().path("id");

            // The relay tried RabbitMQ and got no ack; Kafka's lane is still probing with the older event.
            Awaitility.await().atMost(RECOVERY)
                    .until(() -> attempts(orderId, "rabbitmq") >= 1 && attempts(before, "kafka") >= 1);
            assertEquals(0, sentRows(orderId));
            assertTrue(rabbit.forOrder(orderId).isEmpty());
            // The backlog shows on /q/metrics, per transport.
            Awaitility.await().atMost(RECOVERY).until(() ->
                    Metrics.value("order_outbox_pending", "transport=\"rabbitmq\"") >= 1
                            && Metrics.value("order_outbox_pending", "transport=\"kafka\"") >= 2
                            && Metrics.value("order_outbox_oldest_pending_age_seconds", "transport=\"kafka\"") > 0);

            // RabbitMQ back: its event goes out although Kafka is still down.
            brokers.rabbit().restore();
            rabbit.await(orderId, 1, RECOVERY);
            Awaitility.await().atMost(RECOVERY).until(() -> sent(orderId, "rabbitmq"));
            assertTrue(!sent(orderId, "kafka"), "Kafka is still down");

            // Kafka back: its event goes out too.
            brokers.kafka().restore();
            kafka.await(orderId, 1, RECOVERY);
            Awaitility.await().atMost(RECOVERY).until(() -> sent(orderId, "kafka"));

            // Backlog drained.
            Awaitility.await().atMost(RECOVERY).until(() ->
                    Metrics.value("order_outbox_pending", "transport=\"kafka\"") == 0
                            && Metrics.value("order_outbox_pending", "transport=\"rabbitmq\"") == 0);

            // Exactly one event per transport, the same event id on both.
            assertEquals(1, kafka.settle(orderId, Duration.ofSeconds(2)).size());
            assertEquals(1, rabbit.settle(orderId, Duration.ofMillis(500)).size());
            assertEquals(KafkaEvents.header(kafka.settle(orderId, Duration.ZERO).get(0), "ce_id"),
                    rabbit.forOrder(orderId).get(0).properties().getMessageId());
            assertEquals(1, kafka.settle(before, Duration.ZERO).size(), "the earlier order's Kafka event went out too");
        }
    }

    private int attempts(String orderId, String transport) throws Exception {
        return intQuery("SELECT attempts FROM outbox_events WHERE aggregate_id = ? AND transport = '" + transport + "'",
                orderId);
    }

    private boolean sent(String orderId, String transport) throws Exception {
        return intQuery("SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND transport = '" + transport
                + "' AND sent_at IS NOT NULL", orderId) == 1;
    }

    private int sentRows(String orderId) throws Exception {
        return intQuery("SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND sent_at IS NOT NULL", orderId);
    }

    private int intQuery(String sql, String orderId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}

package dev.microcomm.order.messaging;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.KafkaEvents;
import dev.microcomm.order.support.RabbitEvents;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An order's {@code order.created} event, read back by plain clients from the real Kafka and RabbitMQ.
 * The relay's poll runs once an hour in tests: what arrives here was sent by the after-commit wake-up.
 */
@QuarkusTest
@WithTestResource(UserServiceSimulatorResource.class)
class OrderEventsTest {

    static final Duration DELIVERY = Duration.ofSeconds(20);

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    AgroalDataSource db;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthyUserService() throws Exception {
        userService.reset();
        breakers.resetAll();
    }

    @Test
    void eventReachesKafkaAndRabbitMqWithMetadataAndTheRequestsTraceContext() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String incoming = "00-" + traceId + "-b7ad6b7169203331-01";
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            String created = given().contentType(ContentType.JSON).header("traceparent", incoming)
                    .body(body(knownUser(), "p-42", "19.99")).post("/orders")
                    .then().statusCode(201).extract().asString();
            JsonObject order = new JsonObject(created);
            String orderId = order.getString("id");

            // Kafka: key = order id, value = the order JSON, CloudEvents binary headers, traceparent.
            ConsumerRecord<String, String> record = kafka.await(orderId, 1, DELIVERY).get(0);
            assertEquals(orderId, record.key());
            assertEquals(order, new JsonObject(record.value()), "the value is the plain order JSON");
            assertEquals("1.0", KafkaEvents.header(record, "ce_specversion"));
            assertEquals("order.created", KafkaEvents.header(record, "ce_type"));
            assertEquals("order-service", KafkaEvents.header(record, "ce_source"));
            String eventId = KafkaEvents.header(record, "ce_id");
            assertDoesNotThrow(() -> UUID.fromString(eventId));
            assertNotNull(Instant.parse(KafkaEvents.header(record, "ce_time")));
            Set<String> ceHeaders = new TreeSet<>();
            for (Header h : record.headers()) {
                if (h.key().startsWith("ce_")) {
                    ceHeaders.add(h.key());
                }
            }
            assertEquals(Set.of("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time"), ceHeaders);
            assertEquals(traceId, traceIdOf(KafkaEvents.header(record, "traceparent")),
                    "the Kafka record carries the trace of the POST");

            // RabbitMQ: persistent, JSON, message_id = the same event id, traceparent header.
            RabbitEvents.Received message = rabbit.await(orderId, 1, DELIVERY).get(0);
            assertEquals(order, message.json());
            assertEquals(eventId, message.properties().getMessageId(), "one event id on both transports");
            assertEquals(2, message.properties().getDeliveryMode(), "persistent");
            assertEquals("application/json", message.properties().getContentType());
            assertEquals(traceId, traceIdOf(String.valueOf(message.properties().getHeaders().get("traceparent"))),
                    "the RabbitMQ message carries the trace of the POST");

            // Exactly one event per transport, and the outbox rows are marked sent.
            assertEquals(1, kafka.settle(orderId, Duration.ofSeconds(1)).size());
            assertEquals(1, rabbit.settle(orderId, Duration.ofMillis(200)).size());
            assertEquals(List.of("kafka:sent:1", "rabbitmq:sent:1"), outboxState(orderId));
        }
    }

    @Test
    void eventsWithoutIncomingTraceStillCarryATraceparent() throws Exception {
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            String orderId = dev.microcomm.order.support.Orders.post(body(knownUser(), "p-1", "5"))
                    .then().statusCode(201).extract().path("id");
            String fromKafka = KafkaEvents.header(kafka.await(orderId, 1, DELIVERY).get(0), "traceparent");
            String fromRabbit = String.valueOf(rabbit.await(orderId, 1, DELIVERY).get(0).properties().getHeaders()
                    .get("traceparent"));
            assertTrue(fromKafka.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"), fromKafka);
            assertEquals(fromKafka, fromRabbit, "the same request context on both transports");
        }
    }

    @Test
    void aPlainQueueDeclarationKeepsWorkingAgainstWhatOrderServiceDeclared() throws Exception {
        // RabbitEvents.open() declares order.created the plain way, after order-service has declared it.
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            String orderId = dev.microcomm.order.support.Orders.post(body(knownUser(), "p-1", "5"))
                    .then().statusCode(201).extract().path("id");
            rabbit.await(orderId, 1, DELIVERY);
        }
        try (RabbitEvents again = RabbitEvents.open()) {
            assertNotNull(again);
        }
    }

    /** "transport:state:attempts" per outbox row of the order. */
    private List<String> outboxState(String orderId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT transport, sent_at IS NOT NULL, attempts FROM outbox_events WHERE aggregate_id = ? ORDER BY transport")) {
            ps.setString(1, orderId);
            List<String> rows = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + (rs.getBoolean(2) ? "sent" : "pending") + ":" + rs.getInt(3));
                }
            }
            return rows;
        }
    }

    static String traceIdOf(String traceparent) {
        assertNotNull(traceparent, "traceparent header");
        return traceparent.split("-")[1];
    }
}

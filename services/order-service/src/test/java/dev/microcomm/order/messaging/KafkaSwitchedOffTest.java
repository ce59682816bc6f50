package dev.microcomm.order.messaging;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.KafkaEvents;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With {@code order.transports.kafka.enabled=false} the event goes to RabbitMQ only. */
@QuarkusTest
@TestProfile(KafkaSwitchedOffTest.KafkaOff.class)
@WithTestResource(UserServiceSimulatorResource.class)
class KafkaSwitchedOffTest {

    public static class KafkaOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("order.transports.kafka.enabled", "false");
        }
    }

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    AgroalDataSource db;

    @BeforeEach
    void healthyUserService() throws Exception {
        userService.reset();
    }

    @Test
    void theEventGoesToRabbitMqOnly() throws Exception {
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            String orderId = Orders.post(body(knownUser(), "p-off", "7")).then().statusCode(201).extract().path("id");
            assertEquals(1, rabbit.await(orderId, 1, Duration.ofSeconds(20)).size());
            assertEquals(0, kafka.settle(orderId, Duration.ofSeconds(3)).size(), "nothing on Kafka");
            assertEquals(List.of("rabbitmq"), outboxTransports(orderId));
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private List<String> outboxTransports(String orderId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT transport FROM outbox_events WHERE aggregate_id = ? ORDER BY transport")) {
            ps.setString(1, orderId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}

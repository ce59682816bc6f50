package dev.microcomm.email;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each transport can be switched off by configuration; the other keeps working. */
@QuarkusTest
@TestProfile(KafkaSwitchedOffTest.KafkaOff.class)
class KafkaSwitchedOffTest {

    /** A separate application instance with Kafka switched off (no SMTP or user-service needed here). */
    public static class KafkaOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("email.transports.kafka.enabled", "false",
                    // nothing listens there: e-mails are not the point of this test
                    "quarkus.grpc.clients.users.test-port", String.valueOf(TestEnvironment.freePort()),
                    "quarkus.mailer.port", String.valueOf(TestEnvironment.freePort()));
        }
    }

    @Test
    void withKafkaOffOnlyKafkaIsConsumedAndChecked() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Object channels = given().get("/q/health/ready").then().extract()
                    .path("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.keySet()");
            return String.valueOf(channels).contains("order-created-rabbitmq");
        });
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.keySet()",
                        not(hasItem("order-created-kafka")));
    }
}

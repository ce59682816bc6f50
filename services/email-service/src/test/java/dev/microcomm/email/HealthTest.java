package dev.microcomm.email;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class HealthTest {

    @Test
    void readinessCoversTheDatabaseBothBrokersAndSmtp() {
        await().atMost(Duration.ofSeconds(90)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "SmallRye Reactive Messaging - readiness check",
                        "SMTP server"));
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'SmallRye Reactive Messaging - readiness check' }.data.keySet()",
                        hasItems("order-created-kafka", "order-created-rabbitmq"));
    }

    @Test
    void notReadyWhileSmtpIsUnreachable() {
        TestEnvironment.smtp().stop();
        try {
            given().when().get("/q/health/ready")
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'SMTP server' }.status", equalTo("DOWN"));
        } finally {
            TestEnvironment.smtp().start();
        }
        given().when().get("/q/health/ready").then().body("checks.find { it.name == 'SMTP server' }.status",
                equalTo("UP"));
    }
}

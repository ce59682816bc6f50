package dev.microcomm.email;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import dev.microcomm.email.support.BrokerTest;
import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.TestEnvironment;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(TestEnvironment.class)
class EmailResourceTest extends BrokerTest {

    @Test
    void listsTheEmailSentForAnOrderWithTheContractShape() {
        String orderId = "api-" + UUID.randomUUID();
        String userId = UUID.randomUUID().toString();
        String email = "api-" + userId + "@example.org";
        TestEnvironment.users().register(userId, "Frances", email);
        brokers.sendRabbit(Brokers.orderJson(orderId, userId, "desk-2", "250.00"));

        await().atMost(Duration.ofSeconds(90)).until(() -> given().queryParam("orderId", orderId)
                .get("/emails").then().extract().jsonPath().getList("$").size() == 1);

        given().queryParam("orderId", orderId)
                .when().get("/emails")
                .then().statusCode(200)
                .contentType("application/json")
                .body("$", hasSize(1))
                .body("[0].orderId", equalTo(orderId))
                .body("[0].to", equalTo(email))
                .body("[0].subject", containsString(orderId))
                .body("[0].sentAt", matchesPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"))
                .body("[0].transport", equalTo("rabbitmq"))
                .body("[0].keySet()", contains("orderId", "to", "subject", "sentAt", "transport"));
    }

    @Test
    void anOrderWithoutEmailGivesAnEmptyArray() {
        given().queryParam("orderId", "never-seen-" + UUID.randomUUID())
                .when().get("/emails")
                .then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void withoutOrderIdItIsAProblemWithAViolationOnOrderId() {
        given().when().get("/emails")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations[0].field", containsString("orderId"));
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().when().get("/emails/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().when().delete("/emails").then().statusCode(405).contentType("application/problem+json");
    }
}

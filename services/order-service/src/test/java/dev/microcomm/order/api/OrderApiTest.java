package dev.microcomm.order.api;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static dev.microcomm.order.support.Orders.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.Orders;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The REST contract of order-service (REST lookup mode; {@code GrpcLookupTest} repeats the outcomes over gRPC). */
@QuarkusTest
@WithTestResource(UserServiceSimulatorResource.class)
class OrderApiTest {

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthyUserService() throws Exception {
        userService.reset();
        breakers.resetAll();
    }

    @Test
    void createReturns201WithLocationAndTheOrder_andGetReturnsTheSame() {
        String userId = knownUser();
        Response created = post(body(userId, "p-1", "10"));
        created.then().statusCode(201)
                .contentType(ContentType.JSON)
                .header("Location", endsWith("/orders/" + created.jsonPath().getString("id")))
                .body("userId", equalTo(userId))
                .body("productId", equalTo("p-1"))
                .body("status", equalTo("CREATED"));
        JsonObject order = Orders.json(created);
        assertEquals(6, order.size(), "exactly the contract's fields: " + order);
        // amount is a JSON number, createdAt ISO-8601 UTC
        assertTrue(order.getValue("amount") instanceof Number, "amount is a number: " + order);
        assertEquals(10.0, order.getNumber("amount").doubleValue());
        Instant createdAt = Instant.parse(order.getString("createdAt"));
        assertTrue(order.getString("createdAt").endsWith("Z"));
        assertTrue(Math.abs(ChronoUnit.SECONDS.between(createdAt, Instant.now())) < 60);

        String fetched = given().when().get("/orders/" + order.getString("id"))
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString();
        assertEquals(order, new JsonObject(fetched), "GET returns exactly what POST returned");
        assertEquals(1, userService.calls(), "one synchronous user check");
    }

    @Test
    void listByUserReturnsThatUsersOrdersOldestFirst() {
        String userId = knownUser();
        String first = post(body(userId, "p-1", "1.5")).then().statusCode(201).extract().path("id");
        String second = post(body(userId, "p-2", "2.25")).then().statusCode(201).extract().path("id");
        post(body(knownUser(), "p-3", "3")).then().statusCode(201);

        JsonArray list = new JsonArray(given().queryParam("userId", userId).when().get("/orders")
                .then().statusCode(200).contentType(ContentType.JSON).extract().asString());
        assertEquals(2, list.size());
        assertEquals(first, list.getJsonObject(0).getString("id"));
        assertEquals(second, list.getJsonObject(1).getString("id"));
        assertEquals(2.25, list.getJsonObject(1).getNumber("amount").doubleValue());
        // the same order on every call
        assertEquals(list, new JsonArray(given().queryParam("userId", userId).get("/orders").asString()));
        given().queryParam("userId", knownUser()).when().get("/orders").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void listWithoutUserIdIs400WithAViolationOnUserId() {
        given().when().get("/orders").then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem(endsWith("userId")));
    }

    @Test
    void unknownOrderIs404Problem() {
        for (String id : new String[] {"01a2210d-9056-74c2-a808-db5f94cf56bb", "not-a-uuid"}) {
            given().when().get("/orders/" + id).then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404)).body("title", notNullValue()).body("detail", notNullValue());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"productId\":\"p\",\"amount\":1}|userId",
            "{\"userId\":\"\",\"productId\":\"p\",\"amount\":1}|userId",
            "{\"userId\":\"u\",\"amount\":1}|productId",
            "{\"userId\":\"u\",\"productId\":\"p\"}|amount",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":0}|amount",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":-5}|amount",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":10.123}|amount",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":\"10\"}|amount",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":null}|amount",
            "{\"userId\":7,\"productId\":\"p\",\"amount\":1}|userId",
            "{\"userId\":\"u\",\"productId\":\"p\",\"amount\":1,\"coupon\":\"x\"}|coupon"
    })
    void invalidBodiesAre400WithTheOffendingField(String testCase) {
        String[] parts = testCase.split("\\|");
        post(parts[0]).then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("violations.field", hasItem(endsWith(parts[1])));
        assertEquals(0, userService.calls(), "invalid input never reaches user-service");
    }

    @Test
    void frameworkErrorsAreProblemJsonToo() {
        post("{\"userId\":").then().statusCode(400).contentType("application/problem+json");
        post("").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.TEXT).body("hello").post("/orders")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"userId\":\"" + "x".repeat(70_000) + "\"}").post("/orders")
                .then().statusCode(413).contentType("application/problem+json");
        given().delete("/orders").then().statusCode(405).contentType("application/problem+json");
        given().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownUserIs422UserNotFoundAndStoresNothing() {
        String userId = Orders.unknownUser();
        post(body(userId, "p-1", "10")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("User not found"))
                .body("status", equalTo(422))
                .body("detail", containsString(userId));
        assertEquals(0, Orders.countForUser(userId));
    }

    @Test
    void openApiAndHealthAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/orders"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.name", hasItem(containsString("Messaging")))
                .body("checks.name", hasItem(containsString("RabbitMQ")));
        given().get("/q/metrics").then().statusCode(200).body(containsString("ft_circuitbreaker_state_current"));
    }
}

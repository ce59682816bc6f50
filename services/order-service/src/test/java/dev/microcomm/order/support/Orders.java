package dev.microcomm.order.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Small helpers for calling order-service's REST API in tests. */
public final class Orders {

    private Orders() {
    }

    /** A user id the simulator knows (and that RabbitEvents recognises as this suite's). */
    public static String knownUser() {
        return RabbitEvents.TEST_USER_PREFIX + UUID.randomUUID();
    }

    /** A user id the simulator answers 404 / NOT_FOUND for. */
    public static String unknownUser() {
        return "unknown-" + UUID.randomUUID();
    }

    public static String body(String userId, String productId, String amountJson) {
        return "{\"userId\":\"" + userId + "\",\"productId\":\"" + productId + "\",\"amount\":" + amountJson + "}";
    }

    public static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/orders");
    }

    public static Response post(String body, String idempotencyKey) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", idempotencyKey).body(body)
                .when().post("/orders");
    }

    public static JsonObject json(Response response) {
        return new JsonObject(response.asString());
    }

    public static int countForUser(String userId) {
        return given().queryParam("userId", userId).when().get("/orders").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }
}

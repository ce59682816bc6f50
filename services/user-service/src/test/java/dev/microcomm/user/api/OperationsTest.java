package dev.microcomm.user.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI. */
@QuarkusTest
class OperationsTest {

    @Test
    void livenessAndReadinessIncludingDatabase() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("gRPC Server"));
    }

    @Test
    void prometheusMetrics() {
        given().get("/users?size=1").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/users\""));
    }

    @Test
    void openApiDescribesTheUserEndpoints() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/users"))
                .body("paths", org.hamcrest.Matchers.hasKey("/users/{id}"));
    }
}

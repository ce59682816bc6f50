package dev.microcomm.order.support;

import static io.restassured.RestAssured.given;

import dev.microcomm.testsupport.PrometheusText;

/** Reads one value from order-service's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first sample of {@code name} whose labels contain all of {@code labels} (k="v"), or NaN. */
    public static double value(String name, String... labels) {
        return PrometheusText.first(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, labels);
    }
}

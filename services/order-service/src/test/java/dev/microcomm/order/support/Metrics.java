package dev.microcomm.order.support;

import static io.restassured.RestAssured.given;

/** Reads one value from order-service's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first sample of {@code name} whose labels contain all of {@code labels} (k="v"), or NaN. */
    public static double value(String name, String... labels) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : text.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}

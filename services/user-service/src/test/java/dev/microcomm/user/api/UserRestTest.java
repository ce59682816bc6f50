package dev.microcomm.user.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The REST contract of user-service, against the real PostgreSQL. */
@QuarkusTest
class UserRestTest {

    static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.com";
    }

    static Response postUser(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/users");
    }

    static ValidatableResponse assertProblem(Response response, int status) {
        return response.then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("<html")));
    }

    static String createUser(String name, String email) {
        return postUser(Map.of("name", name, "email", email)).then().statusCode(201).extract().path("id");
    }

    @Test
    void createReturns201WithLocationAndBody() {
        String email = uniqueEmail("ann");
        Response response = postUser(Map.of("name", "Ann", "email", email));
        response.then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", notNullValue())
                .body("name", equalTo("Ann"))
                .body("email", equalTo(email));
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/users/" + id);

        given().get("/users/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("Ann")).body("email", equalTo(email));
        given().get(response.header("Location")).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void unknownUserIs404Problem() {
        assertProblem(given().get("/users/" + UUID.randomUUID()), 404);
        assertProblem(given().get("/users/not-a-uuid"), 404);
        assertProblem(given().get("/users/%20"), 404);
    }

    @Test
    void blankOrMissingNameIs400WithViolation() {
        assertProblem(postUser(Map.of("name", "  ", "email", uniqueEmail("blank"))), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?name")));
        assertProblem(postUser(Map.of("email", uniqueEmail("missing"))), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?name")));
        assertProblem(postUser(Map.of("name", "x")), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?email")));
    }

    @Test
    void malformedEmailIs400WithViolation() {
        for (String bad : List.of("not-an-email", "a@", "@b.com", "a b@c.com", "a@b")) {
            assertProblem(postUser(Map.of("name", "Bob", "email", bad)), 400)
                    .body("violations.field", hasItem(matchesPattern("(.*\\.)?email")));
        }
    }

    @Test
    void nameLengthCountsCharacters() {
        String twoHundred = "é".repeat(199) + "😀"; // 200 characters, 201 UTF-16 units
        postUser(Map.of("name", twoHundred, "email", uniqueEmail("long"))).then().statusCode(201)
                .body("name", equalTo(twoHundred));
        assertProblem(postUser(Map.of("name", "a".repeat(201), "email", uniqueEmail("toolong"))), 400)
                .body("violations.field", hasItem(matchesPattern("(.*\\.)?name")));
    }

    @Test
    void unknownFieldIs400() {
        assertProblem(postUser(Map.of("name", "Eve", "email", uniqueEmail("eve"), "admin", true)), 400)
                .body("violations.field", hasItem("admin"));
    }

    @Test
    void wrongJsonTypeIs400() {
        assertProblem(postUser("{\"name\":123,\"email\":\"" + uniqueEmail("t") + "\"}"), 400)
                .body("violations.field", hasItem("name"));
        assertProblem(postUser("{\"name\":[\"x\"],\"email\":\"" + uniqueEmail("t") + "\"}"), 400);
        assertProblem(postUser("[]"), 400);
        assertProblem(postUser("\"just a string\""), 400);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(postUser("{\"name\": \"x\", "), 400);
        assertProblem(postUser("not json at all"), 400);
        assertProblem(given().contentType(ContentType.JSON).post("/users"), 400);
        byte[] invalidUtf8 = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        assertProblem(given().contentType("application/json").body(invalidUtf8).post("/users"), 400);
    }

    @Test
    void bodyOver64KiBIs413() {
        String huge = "{\"name\":\"" + "a".repeat(70 * 1024) + "\",\"email\":\"" + uniqueEmail("huge") + "\"}";
        assertProblem(postUser(huge), 413);
    }

    @Test
    void chunkedBodyOver64KiBIs413TooAndASmallChunkedBodyIsFine() throws Exception {
        // A body of unknown length goes out chunked (Transfer-Encoding, no Content-Length): the limit is
        // then found while reading, not from a header, and the answer must still be problem+json.
        String huge = "{\"name\":\"" + "a".repeat(70 * 1024) + "\",\"email\":\"" + uniqueEmail("chunked") + "\"}";
        HttpResponse<String> tooBig = postChunked(huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(tooBig.body()).contains("\"status\":413").doesNotContain("Exception");

        String email = uniqueEmail("chunked-small");
        HttpResponse<String> small = postChunked("{\"name\":\"Chunky\",\"email\":\"" + email + "\"}");
        assertThat(small.statusCode()).isEqualTo(201);
        assertThat(small.body()).contains(email);
    }

    private static HttpResponse<String> postChunked(String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nonJsonContentTypeIs415() {
        assertProblem(given().contentType(ContentType.TEXT).body("name=x").post("/users"), 415);
        assertProblem(given().contentType(ContentType.URLENC).formParam("name", "x").post("/users"), 415);
    }

    @Test
    void bodyWithoutContentTypeIs415() throws Exception {
        // rest-assured always adds a Content-Type to a body, so this one goes out with the JDK client.
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/users"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"x\",\"email\":\"" + uniqueEmail("nct") + "\"}"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        assertProblem(given().get("/nope"), 404);
        assertProblem(given().get("/users/a/b/c"), 404);
        assertProblem(given().delete("/users"), 405);
        assertProblem(given().contentType(ContentType.JSON).body("{}").put("/users/" + UUID.randomUUID()), 405);
    }

    @Test
    void emailIsUniqueCaseInsensitively() {
        String email = uniqueEmail("Case");
        createUser("First", email);
        assertProblem(postUser(Map.of("name", "Second", "email", email.toUpperCase())), 409);
        assertProblem(postUser(Map.of("name", "Third", "email", email)), 409);
    }

    @Test
    void concurrentDuplicatesGiveOne201AndOne409() throws Exception {
        for (int round = 0; round < 5; round++) {
            String email = uniqueEmail("race");
            int parallel = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < parallel; i++) {
                    String variant = i % 2 == 0 ? email : email.toUpperCase();
                    Callable<Integer> call = () -> {
                        start.await();
                        return postUser(Map.of("name", "Racer", "email", variant)).statusCode();
                    };
                    results.add(pool.submit(call));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) {
                    statuses.add(f.get());
                }
                assertThat(statuses).containsOnly(201, 409);
                assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

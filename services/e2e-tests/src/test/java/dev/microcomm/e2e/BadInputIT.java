package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bad input at every entry point gets a clear 4xx, a gRPC status or a dead-letter entry, never a 5xx
 * or a crash, and the system keeps serving.
 */
class BadInputIT extends SystemTest {

    record Bad(String label, String contentType, byte[] body) {
    }

    static List<Bad> badBodies(String validJson) {
        byte[] invalidUtf8 = {'{', '"', 'x', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
        return List.of(
                new Bad("malformed JSON", "application/json", "{\"name\": ".getBytes(StandardCharsets.UTF_8)),
                new Bad("not JSON", "application/json", "hello".getBytes(StandardCharsets.UTF_8)),
                new Bad("empty body", "application/json", new byte[0]),
                new Bad("JSON array", "application/json", "[1,2]".getBytes(StandardCharsets.UTF_8)),
                new Bad("JSON null", "application/json", "null".getBytes(StandardCharsets.UTF_8)),
                new Bad("unknown field", "application/json",
                        validJson.replaceFirst("\\{", "{\"extra\":1,").getBytes(StandardCharsets.UTF_8)),
                new Bad("oversized", "application/json",
                        ("{\"pad\":\"" + "x".repeat(80 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)),
                new Bad("invalid UTF-8", "application/json", invalidUtf8),
                new Bad("text/plain", "text/plain", validJson.getBytes(StandardCharsets.UTF_8)),
                new Bad("xml", "application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)),
                new Bad("no content type", null, validJson.getBytes(StandardCharsets.UTF_8)));
    }

    static void assertClear4xx(String where, Api.Reply r) {
        assertThat(r.status()).as("%s → %s %s", where, r.status(), r.body()).isBetween(400, 499);
        assertThat(r.contentType()).as(where).startsWith("application/problem+json");
        assertThat(r.body()).as(where).doesNotContain("Exception").doesNotContain("<html");
    }

    @Test
    void restEntryPoints() {
        String[] user = createUser(sys, "Valid");
        String validUser = "{\"name\":\"A\",\"email\":\"a-" + UUID.randomUUID() + "@example.com\"}";
        String validOrder = "{\"userId\":\"" + user[0] + "\",\"productId\":\"p\",\"amount\":1.5}";
        for (Bad bad : badBodies(validUser)) {
            assertClear4xx("POST /users " + bad.label(), Api.post(sys.users.url() + "/users", bad.contentType(), bad.body(), Map.of()));
        }
        for (Bad bad : badBodies(validOrder)) {
            assertClear4xx("POST /orders " + bad.label(), Api.post(sys.orders.url() + "/orders", bad.contentType(), bad.body(), Map.of()));
        }
        // over 64 KiB without a Content-Length (chunked): found while reading, still a 413 problem
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(80 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String url : List.of(sys.users.url() + "/users", sys.orders.url() + "/orders")) {
            Api.Reply r = Api.postJsonChunked(url, oversized);
            assertClear4xx("POST " + url + " oversized, chunked", r);
            assertThat(r.status()).isEqualTo(413);
        }
        // wrong types and huge strings
        for (String body : List.of("{\"name\":1,\"email\":\"x@example.com\"}", "{\"name\":\"x\",\"email\":true}",
                "{\"name\":\"" + "n".repeat(5000) + "\",\"email\":\"x@example.com\"}",
                "{\"name\":\"x\",\"email\":\"" + "e".repeat(5000) + "@example.com\"}")) {
            assertClear4xx("POST /users " + body.substring(0, 20), Api.postJson(sys.users.url() + "/users", body, Map.of()));
        }
        for (String body : List.of("{\"userId\":1,\"productId\":\"p\",\"amount\":1}",
                "{\"userId\":\"" + user[0] + "\",\"productId\":\"p\",\"amount\":\"1\"}",
                "{\"userId\":\"" + user[0] + "\",\"productId\":\"p\",\"amount\":-1}",
                "{\"userId\":\"" + user[0] + "\",\"productId\":\"p\",\"amount\":1.001}",
                "{\"userId\":\"" + user[0] + "\",\"productId\":\"" + "p".repeat(100_00) + "\",\"amount\":1}",
                "{\"userId\":\"" + "u".repeat(5000) + "\",\"productId\":\"p\",\"amount\":1}")) {
            assertClear4xx("POST /orders " + body.substring(0, 20), Api.postJson(sys.orders.url() + "/orders", body, Map.of()));
        }
        assertClear4xx("Idempotency-Key too long", placeOrder(sys, user[0], "p", "1", Map.of("Idempotency-Key", "k".repeat(201))));
        // query parameters and paths
        for (String url : List.of(sys.users.url() + "/users?page=x", sys.users.url() + "/users?size=1000",
                sys.users.url() + "/users/%00", sys.users.url() + "/nope", sys.orders.url() + "/orders/not-an-id",
                sys.orders.url() + "/nope", sys.emails.url() + "/nope")) {
            assertClear4xx("GET " + url, Api.get(url));
        }
        Api.Reply emails = Api.get(sys.emails.url() + "/emails?orderId=" + "x".repeat(3000));
        assertThat(emails.status()).as(emails.body()).isLessThan(500);
        assertStillServing();
    }

    @Test
    void grpcEntryPoint() throws Exception {
        String[] user = createUser(sys, "Grpc");
        try (RawUserGrpc grpc = new RawUserGrpc(sys.userGrpcPort)) {
            assertThat(grpc.getUser(user[0]).email()).isEqualTo(user[1]);
            for (String garbage : List.of(UUID.randomUUID().toString(), "garbage", "x".repeat(100_000), "😀",
                    "../../etc/passwd", "' or 1=1 --")) {
                assertThatThrownBy(() -> grpc.getUser(garbage)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
            }
            assertThatThrownBy(() -> grpc.getUser("")).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            // Bytes that are not a UserRequest at all: a status, not a crash.
            assertThatThrownBy(() -> grpc.getUserRaw(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}))
                    .isInstanceOf(StatusRuntimeException.class);
            assertThat(grpc.getUser(user[0]).id()).isEqualTo(user[0]);
        }
        assertStillServing();
    }

    @Test
    void poisonMessagesOnBothBrokersEndInTheDeadLetterQueues() {
        String marker = UUID.randomUUID().toString();
        List<String> kafkaPoison = poison(marker);
        List<String> rabbitPoison = poison(marker);
        kafkaPoison.forEach(p -> Brokers.kafkaPublish("order.created", p.getBytes(StandardCharsets.UTF_8)));
        rabbitPoison.forEach(p -> Brokers.rabbitSendToQueue("order.created", p.getBytes(StandardCharsets.UTF_8)));

        // Followed by a good order, which is still handled.
        String[] user = createUser(sys, "After Poison");
        assertThat(placeOrder(sys, user[0]).status()).isEqualTo(201);
        Mail.exactlyOne(sys, user[1], Duration.ofSeconds(60));

        var kafkaDead = Brokers.kafkaRead("order.created.dlq",
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker),
                found -> found.size() >= kafkaPoison.size(), Duration.ofSeconds(60));
        assertThat(kafkaDead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(kafkaPoison);
        kafkaDead.forEach(r -> assertThat(Brokers.header(r, "dead-letter-reason")).isNotBlank());

        var rabbitDead = Brokers.rabbitTake("order.created.dlq",
                body -> new String(body, StandardCharsets.UTF_8).contains(marker),
                found -> found.size() >= rabbitPoison.size(), Duration.ofSeconds(60));
        List<String> bodies = new ArrayList<>();
        rabbitDead.forEach(m -> {
            bodies.add(new String(m.body(), StandardCharsets.UTF_8));
            assertThat(m.header("dead-letter-reason")).isNotBlank();
        });
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(rabbitPoison);
        assertStillServing();
    }

    /**
     * Not JSON, missing fields, and a well-formed order for a user that does not exist (its own order
     * id per call: the same order id on both transports would be one event, dead-lettered once).
     */
    static List<String> poison(String marker) {
        return List.of(
                "not json " + marker + " " + UUID.randomUUID(),
                "{\"missing\":\"fields\",\"marker\":\"" + marker + "\",\"n\":\"" + UUID.randomUUID() + "\"}",
                "{\"id\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + UUID.randomUUID() + "\",\"productId\":\""
                        + marker + "\",\"amount\":1,\"status\":\"CREATED\",\"createdAt\":\"2026-01-01T00:00:00Z\"}");
    }

    static void assertStillServing() {
        for (ServiceProcess s : List.of(sys.users, sys.orders, sys.emails)) {
            assertThat(s.isRunning()).as(s.name).isTrue();
            assertThat(Api.get(s.url() + "/q/health/ready").status()).as(s.name).isEqualTo(200);
        }
    }
}

package dev.microcomm.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The public REST interfaces, called the way any client would. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static Reply post(String url, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b);
    }

    /** A JSON body of unknown length: sent chunked (Transfer-Encoding, no Content-Length), as streaming clients do. */
    static Reply postJsonChunked(String url, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url)).version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    static Reply postJson(String url, Object body, Map<String, String> headers) {
        try {
            byte[] bytes = body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(body);
            return post(url, "application/json", bytes, headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user with a unique address; returns {id, email}. */
    static String[] createUser(E2eSystem sys, String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@example.com";
        Reply r = postJson(sys.users.url() + "/users", Map.of("name", name, "email", email), Map.of());
        if (r.status() != 201) {
            throw new AssertionError("create user: " + r.status() + " " + r.body());
        }
        return new String[] {r.json().get("id").asText(), email};
    }

    static Reply placeOrder(E2eSystem sys, String userId, String productId, String amount, Map<String, String> headers) {
        return postJson(sys.orders.url() + "/orders",
                Map.of("userId", userId, "productId", productId, "amount", new BigDecimal(amount)), headers);
    }

    static Reply placeOrder(E2eSystem sys, String userId) {
        return placeOrder(sys, userId, "book-" + UUID.randomUUID().toString().substring(0, 8), "19.99", Map.of());
    }

    static Reply emailsFor(E2eSystem sys, String orderId) {
        return get(sys.emails.url() + "/emails?orderId=" + orderId);
    }
}

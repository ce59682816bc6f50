package dev.microcomm.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** Real SMTP in, real HTTP out: what a newcomer or an end-to-end test sees of the local mail server. */
class LocalMailServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalMailServer server;

    @BeforeEach
    void start() {
        server = LocalMailServer.start("127.0.0.1", 0, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void mailSentOverSmtpIsListedWithSenderRecipientsSubjectAndBody() throws Exception {
        send("Shop <shop@example.com>", "Order 42 confirmed", "Thank you for order 42.", "Alice <alice@example.com>");

        List<Map<String, Object>> messages = get("/messages");

        assertEquals(1, messages.size(), messages.toString());
        Map<String, Object> mail = messages.get(0);
        assertEquals("shop@example.com", mail.get("from"));
        assertEquals(List.of("alice@example.com"), mail.get("to"));
        assertEquals("Order 42 confirmed", mail.get("subject"));
        assertEquals("Thank you for order 42.", ((String) mail.get("body")).trim());
        assertTrue(((String) mail.get("messageId")).contains("@"), "messageId: " + mail.get("messageId"));
        assertTrue(java.time.Instant.parse((String) mail.get("receivedAt")).isAfter(java.time.Instant.now().minusSeconds(60)));
    }

    @Test
    void toFilterCountsEachRecipientsCopyCaseInsensitively() throws Exception {
        send("shop@example.com", "for both", "hi", "alice@example.com", "bob@example.com");
        send("shop@example.com", "for bob", "hi", "bob@example.com");

        assertEquals(1, get("/messages?to=ALICE@example.com").size());
        List<Map<String, Object>> bobs = get("/messages?to=bob%40example.com");
        assertEquals(List.of("for both", "for bob"), bobs.stream().map(m -> m.get("subject")).toList());
        assertEquals(0, get("/messages?to=carol@example.com").size());
        assertEquals(3, get("/messages").size(), "one entry per delivered copy");
    }

    @Test
    void anySmtpCredentialsAreAccepted() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(server.smtpPort()));
        props.put("mail.smtp.auth", "true");
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("shop@example.com"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress("dave@example.com"));
        message.setSubject("with credentials");
        message.setText("b");

        Transport.send(message, "email-service", "whatever-secret");

        assertEquals(1, get("/messages?to=dave@example.com").size());
    }

    @Test
    void deletePurgesEveryMailbox() throws Exception {
        send("shop@example.com", "s", "b", "alice@example.com");

        HttpResponse<String> deleted = http.send(request("/messages").DELETE().build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(204, deleted.statusCode());
        assertEquals(List.of(), get("/messages"));
    }

    @Test
    void deleteWithToEmptiesOnlyThatRecipientsMailbox() throws Exception {
        send("shop@example.com", "s", "b", "alice@example.com");
        send("shop@example.com", "s", "b", "bob@example.com");

        HttpResponse<String> deleted = http.send(request("/messages?to=Alice@example.com").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(204, deleted.statusCode());
        assertEquals(0, get("/messages?to=alice@example.com").size());
        assertEquals(1, get("/messages?to=bob@example.com").size());
    }

    @Test
    void otherMethodsAndPathsAreRefused() throws Exception {
        HttpResponse<String> post = http.send(request("/messages").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, DELETE", post.headers().firstValue("Allow").orElse(""));
        assertEquals(404, http.send(request("/nope").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private void send(String from, String subject, String body, String... to) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(server.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject);
        message.setText(body);
        Transport.send(message);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    }

    private List<Map<String, Object>> get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readValue(response.body(), new TypeReference<>() { });
    }
}

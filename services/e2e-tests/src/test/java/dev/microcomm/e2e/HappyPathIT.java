package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.emailsFor;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** create user → place order → exactly one e-mail, in each configuration the contract allows. */
class HappyPathIT extends SystemTest {

    @BeforeEach
    void defaults() {
        sys.ensureDefaults();
    }

    /** Places an order for a new user and returns the one e-mail's transport as GET /emails reports it. */
    static String orderAndExpectOneEmail() {
        String[] user = createUser(sys, "Happy Path");
        Api.Reply order = placeOrder(sys, user[0]);
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        String orderId = order.json().get("id").asText();

        MimeMessage mail = Mail.exactlyOne(sys, user[1], Duration.ofSeconds(60));
        assertThat(Mail.subject(mail)).contains(orderId);

        JsonNode emails = emailsFor(sys, orderId).json();
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).get("orderId").asText()).isEqualTo(orderId);
        assertThat(emails.get(0).get("to").asText()).isEqualToIgnoringCase(user[1]);
        return emails.get(0).get("transport").asText();
    }

    @Test
    void bothTransportsOnGiveExactlyOneEmail() {
        assertThat(orderAndExpectOneEmail()).isIn("kafka", "rabbitmq");
    }

    @Test
    void onlyKafka() {
        sys.emails.restart(Map.of("EMAIL_TRANSPORTS_RABBITMQ_ENABLED", "false"));
        assertThat(orderAndExpectOneEmail()).isEqualTo("kafka");
    }

    @Test
    void onlyRabbitMq() {
        sys.emails.restart(Map.of("EMAIL_TRANSPORTS_KAFKA_ENABLED", "false"));
        assertThat(orderAndExpectOneEmail()).isEqualTo("rabbitmq");
    }

    @Test
    void orderServiceInGrpcLookupMode() {
        sys.orders.restart(Map.of("ORDER_USER_LOOKUP_MODE", "grpc"));
        assertThat(orderAndExpectOneEmail()).isIn("kafka", "rabbitmq");
        Api.Reply unknown = placeOrder(sys, java.util.UUID.randomUUID().toString());
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("title").asText()).isEqualTo("User not found");
    }
}

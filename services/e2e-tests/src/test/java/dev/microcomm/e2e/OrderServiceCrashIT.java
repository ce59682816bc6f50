package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * order-service killed (SIGKILL) right after it accepted orders whose events it could not publish yet
 * (RabbitMQ cut, so they are still in the outbox): after restart every accepted order's event goes out.
 */
class OrderServiceCrashIT extends SystemTest {

    @AfterAll
    static void restoreBrokers() {
        sys.rabbit.restore();
        sys.ensureDefaults();
    }

    @Test
    void acceptedOrdersStillGetTheirEventsAfterACrash() {
        // Only RabbitMQ's path is kept working for email-service, so the mail proves the RabbitMQ event.
        sys.emails.restart(java.util.Map.of("EMAIL_TRANSPORTS_KAFKA_ENABLED", "false"));
        sys.rabbit.cut();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String[] user = createUser(sys, "Crash " + i);
            Api.Reply r = placeOrder(sys, user[0]);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            recipients.add(user[1]);
        }
        assertThat(E2eSystem.count("orders_e2e",
                "select count(*) from outbox_events where transport = 'rabbitmq' and sent_at is null")).isPositive();
        sys.orders.kill();
        sys.rabbit.restore();
        sys.orders.start();
        for (String to : recipients) {
            Mail.exactlyOne(sys, to, Duration.ofSeconds(90));
        }
    }
}

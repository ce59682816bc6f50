package dev.microcomm.e2e;

import static dev.microcomm.e2e.Api.createUser;
import static dev.microcomm.e2e.Api.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The asynchronous side does not block: orders go on while email-service is dead; mail catches up once. */
class EmailServiceOutageIT extends SystemTest {

    @Test
    void ordersKeepSucceedingWhileEmailServiceIsDeadAndEveryOrderGetsOneEmailAfterRestart() {
        List<String> recipients = new ArrayList<>();
        // Two orders before the crash, some of whose events may be in flight when it dies.
        for (int i = 0; i < 2; i++) {
            String[] user = createUser(sys, "Before Crash " + i);
            assertThat(placeOrder(sys, user[0]).status()).isEqualTo(201);
            recipients.add(user[1]);
        }
        sys.emails.kill();
        for (int i = 0; i < 10; i++) {
            String[] user = createUser(sys, "During Crash " + i);
            Api.Reply r = placeOrder(sys, user[0]);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            recipients.add(user[1]);
        }
        sys.emails.start();
        for (String to : recipients) {
            Mail.exactlyOne(sys, to, Duration.ofSeconds(90));
        }
    }
}

package dev.microcomm.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;

/** Assertions on what reached the SMTP server. */
final class Mail {

    private Mail() {
    }

    /** Waits for the first e-mail to {@code to}, then gives duplicates time to show up, and expects exactly one. */
    static MimeMessage exactlyOne(E2eSystem sys, String to, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> !sys.mailsTo(to).isEmpty());
        ServiceProcess.sleep(1500);
        List<MimeMessage> mails = sys.mailsTo(to);
        assertThat(mails).as("e-mails to %s", to).hasSize(1);
        return mails.get(0);
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

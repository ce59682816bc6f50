package dev.microcomm.email.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only if the configured SMTP server accepts a TCP connection (short timeout). */
@Readiness
@ApplicationScoped
public class SmtpReadinessCheck implements HealthCheck {

    private final String host;
    private final int port;
    private final Duration timeout;

    public SmtpReadinessCheck(@ConfigProperty(name = "quarkus.mailer.host", defaultValue = "localhost") String host,
                              @ConfigProperty(name = "quarkus.mailer.port", defaultValue = "25") int port,
                              @ConfigProperty(name = "email.health.smtp-timeout", defaultValue = "1s") Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("SMTP server").withData("address", host + ":" + port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}

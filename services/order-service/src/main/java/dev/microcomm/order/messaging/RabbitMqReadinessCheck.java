package dev.microcomm.order.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the RabbitMQ broker the outbox publishes to can be reached. */
@Readiness
@ApplicationScoped
public class RabbitMqReadinessCheck implements HealthCheck {

    private static final String NAME = "RabbitMQ (order.created publisher)";

    private final RabbitMqEventPublisher publisher;
    private final EnabledTransports transports;

    public RabbitMqReadinessCheck(RabbitMqEventPublisher publisher, EnabledTransports transports) {
        this.publisher = publisher;
        this.transports = transports;
    }

    @Override
    public HealthCheckResponse call() {
        if (!transports.isEnabled(Transport.RABBITMQ)) {
            return HealthCheckResponse.named(NAME).up().withData("transport", "switched off").build();
        }
        return HealthCheckResponse.named(NAME).status(publisher.isReachable()).build();
    }
}

package dev.microcomm.order.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when the RabbitMQ broker the outbox publishes to can be reached. */
@Readiness
@ApplicationScoped
public class RabbitMqReadinessCheck implements HealthCheck {

    private final RabbitMqEventPublisher publisher;

    public RabbitMqReadinessCheck(RabbitMqEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("RabbitMQ (order.created publisher)").status(publisher.isReachable()).build();
    }
}

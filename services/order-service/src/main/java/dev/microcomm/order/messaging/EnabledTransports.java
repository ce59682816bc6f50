package dev.microcomm.order.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which transports this deployment publishes to ({@code order.transports.<kafka|rabbitmq>.enabled},
 * both on by default). A switched-off transport gets no outbox rows, no relay lane and no readiness
 * check, so the service runs without that broker at all.
 */
@ApplicationScoped
public class EnabledTransports {

    private final Set<Transport> enabled = EnumSet.noneOf(Transport.class);

    public EnabledTransports(@ConfigProperty(name = "order.transports.kafka.enabled", defaultValue = "true") boolean kafka,
                             @ConfigProperty(name = "order.transports.rabbitmq.enabled", defaultValue = "true") boolean rabbitmq) {
        if (kafka) {
            enabled.add(Transport.KAFKA);
        }
        if (rabbitmq) {
            enabled.add(Transport.RABBITMQ);
        }
    }

    public Set<Transport> all() {
        return Set.copyOf(enabled);
    }

    public boolean isEnabled(Transport transport) {
        return enabled.contains(transport);
    }
}

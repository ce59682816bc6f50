package dev.microcomm.order.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The user check order-service uses: REST or gRPC, as {@code order.user-lookup.mode} says. */
@ApplicationScoped
public class ConfiguredUserLookup implements UserLookup {

    public enum Mode { REST, GRPC }

    private final UserLookup delegate;

    public ConfiguredUserLookup(@ConfigProperty(name = "order.user-lookup.mode", defaultValue = "rest") String mode,
                                RestUserLookup rest, GrpcUserLookup grpc) {
        this.delegate = switch (Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT))) {
            case REST -> rest;
            case GRPC -> grpc;
        };
    }

    @Override
    public Uni<UserExistence> check(String userId) {
        return delegate.check(userId);
    }
}

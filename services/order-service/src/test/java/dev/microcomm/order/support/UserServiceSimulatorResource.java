package dev.microcomm.order.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the user-service simulator before order-service and points order-service at it. */
public class UserServiceSimulatorResource implements QuarkusTestResourceLifecycleManager {

    private final UserServiceSimulator simulator = new UserServiceSimulator();

    @Override
    public Map<String, String> start() {
        try {
            simulator.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the user-service simulator", e);
        }
        return Map.of(
                "quarkus.rest-client.user-service.url", "http://127.0.0.1:" + simulator.httpPort(),
                "quarkus.grpc.clients.user-service.host", "127.0.0.1",
                "quarkus.grpc.clients.user-service.port", String.valueOf(simulator.grpcPort()),
                // In tests the gRPC client would otherwise aim at the app's own gRPC test port.
                "quarkus.grpc.clients.user-service.test-port", String.valueOf(simulator.grpcPort()));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectUserService.class, UserServiceSimulator.class));
    }

    @Override
    public void stop() {
        simulator.stop();
    }
}

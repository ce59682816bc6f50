package dev.microcomm.email.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Starts what cannot be shared on this machine before the service starts: a real SMTP server and a
 * real gRPC user-service stand-in, each on a free port. PostgreSQL, Kafka and RabbitMQ are the real
 * shared servers, addressed by the service's own configuration.
 */
public class TestEnvironment implements QuarkusTestResourceLifecycleManager {

    private static Smtp smtp;
    private static FakeUserService users;

    public static Smtp smtp() {
        return smtp;
    }

    public static FakeUserService users() {
        return users;
    }

    @Override
    public synchronized Map<String, String> start() {
        smtp = new Smtp(freePort());
        smtp.start();
        users = new FakeUserService(freePort());
        users.start();
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp.port()),
                "quarkus.grpc.clients.users.host", "127.0.0.1",
                "quarkus.grpc.clients.users.port", String.valueOf(users.port()),
                // in test mode Quarkus replaces the client port by its test-port
                "quarkus.grpc.clients.users.test-port", String.valueOf(users.port()));
    }

    @Override
    public synchronized void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (users != null) {
            users.stop();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

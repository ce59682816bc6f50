package dev.microcomm.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.qpid.server.SystemLauncher;

/**
 * Fallback AMQP 0-9-1 broker (Apache Qpid Broker-J, in-memory virtual host) for machines without RabbitMQ:
 * {@code AmqpBrokerMain <host> <port> <workDir>}; user and password from {@code AMQP_USER}/{@code AMQP_PASSWORD}
 * (default guest/guest). Queues live in memory: they are gone after a restart, unlike RabbitMQ's durable queues.
 */
public final class AmqpBrokerMain {

    private AmqpBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path workDir = Path.of(args[2]).toAbsolutePath();
        Files.createDirectories(workDir);

        Path initialConfig = workDir.resolve("initial-config.json");
        Files.writeString(initialConfig, initialConfiguration());

        Map<String, Object> context = new HashMap<>();
        context.put("qpid.work_dir", workDir.toString());
        context.put("qpid.amqp_port", Integer.toString(port));
        context.put("qpid.amqp_host", host);
        context.put("qpid.amqp_user", System.getenv().getOrDefault("AMQP_USER", "guest"));
        context.put("qpid.amqp_password", System.getenv().getOrDefault("AMQP_PASSWORD", "guest"));

        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", initialConfig.toUri().toString());
        attributes.put("startupLoggedToSystemOut", true);
        attributes.put("context", context);

        SystemLauncher launcher = new SystemLauncher();
        launcher.startup(attributes);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.shutdown();
            stopped.countDown();
        }, "amqp-shutdown"));
        System.out.println("AMQP 0-9-1 broker (Qpid Broker-J) on " + host + ":" + port);
        stopped.await();
    }

    private static String initialConfiguration() throws IOException {
        try (InputStream in = AmqpBrokerMain.class.getResourceAsStream("/qpid-initial-config.json")) {
            if (in == null) {
                throw new IOException("qpid-initial-config.json missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

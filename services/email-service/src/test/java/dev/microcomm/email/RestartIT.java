package dev.microcomm.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.microcomm.email.support.Brokers;
import dev.microcomm.email.support.FakeUserService;
import dev.microcomm.email.support.Smtp;
import dev.microcomm.email.support.TestEnvironment;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart of the service mid-stream, for real: the packaged service runs as a separate process
 * (target/quarkus-app/quarkus-run.jar, prod profile) and is stopped (SIGTERM, as Kubernetes does) and
 * started again while events keep arriving on both transports, each event twice (once per transport).
 * Proves: every order gets its e-mail (nothing lost: unacked messages are redelivered, pending rows
 * are resumed) and only one (nothing doubled: the database key, not memory, decides).
 *
 * <p>Brokers, database and SMTP/gRPC stand-ins are addressed as in the @QuarkusTest tests; Kafka,
 * RabbitMQ and PostgreSQL addresses follow the same environment variables as the service.
 */
class RestartIT {

    static final int ORDERS = 40;
    static final int WORKERS = 4;

    static Config config;
    static Brokers brokers;
    static Smtp smtp;
    static FakeUserService users;
    static String jdbcUrl;

    @BeforeAll
    static void start() {
        config = ConfigProvider.getConfig();
        brokers = new Brokers(config);
        smtp = new Smtp(TestEnvironment.freePort());
        smtp.start();
        users = new FakeUserService(TestEnvironment.freePort());
        users.start();
        jdbcUrl = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                .orElse("jdbc:postgresql://127.0.0.1:5432/emails_test");
    }

    @AfterAll
    static void stop() {
        brokers.close();
        smtp.stop();
        users.stop();
    }

    @Test
    void aGracefulRestartMidStreamLosesNothingAndDoublesNothing() throws Exception {
        List<String> orderIds = restartMidStream(ServiceProcess::stopGracefully);
        for (String id : orderIds) {
            assertThat(smtp.messagesFor(id)).as("e-mails for " + id).hasSize(1);
        }
    }

    /**
     * A crash (SIGKILL) mid-stream: still nothing lost. Only an e-mail that SMTP had accepted but whose
     * SENT mark was not yet committed can go out twice, so at most one per dispatcher worker.
     */
    @Test
    void aCrashMidStreamLosesNothingAndDoublesAtMostTheEmailsInFlight() throws Exception {
        List<String> orderIds = restartMidStream(ServiceProcess::crash);
        long extra = orderIds.stream().mapToLong(id -> smtp.messagesFor(id).size() - 1L).sum();
        assertThat(extra).as("e-mails sent twice (in flight at the crash)").isLessThanOrEqualTo(WORKERS);
    }

    interface StopAction {
        void stop(ServiceProcess process) throws Exception;
    }

    /** Streams ORDERS events (each on both transports), stops the service mid-stream, starts it again. */
    private List<String> restartMidStream(StopAction stopAction) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            String userId = "restart-user-" + run + "-" + i;
            users.register(userId, "User " + i, "user" + i + "-" + run + "@example.org");
            orderIds.add("restart-" + run + "-" + i);
        }

        ServiceProcess first = ServiceProcess.start("first", true);
        ServiceProcess second = null;
        try {
            first.awaitReady();
            // The second half of the stream is held back until the stop begins, so that events keep
            // arriving while the service stops and starts, whatever the machine's speed.
            CountDownLatch stopping = new CountDownLatch(1);
            CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < ORDERS; i++) {
                    if (i == ORDERS / 2) {
                        awaitLatch(stopping);
                    }
                    String orderId = orderIds.get(i);
                    byte[] body = Brokers.orderJson(orderId, "restart-user-" + run + "-" + i, "p" + i, i + 1 + ".00")
                            .getBytes(StandardCharsets.UTF_8);
                    // each order on both transports, in alternating order
                    if (i % 2 == 0) {
                        brokers.sendKafka(orderId, body, Map.of());
                        brokers.sendRabbit(body, null);
                    } else {
                        brokers.sendRabbit(body, null);
                        brokers.sendKafka(orderId, body, Map.of());
                    }
                    sleep(200);
                }
            });

            // stop the service once e-mails are going out, while the rest of the stream flows in
            await().atMost(Duration.ofSeconds(90)).until(() -> sentCount(orderIds) >= 5);
            stopping.countDown();
            stopAction.stop(first);

            second = ServiceProcess.start("second", false);
            second.awaitReady();
            stream.get(120, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> orderIds.stream().allMatch(id -> smtp.messagesFor(id).size() >= 1));
            // all deliveries consumed (each order twice) and every row recorded as sent
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rowsSentWithBothDeliveries(orderIds) == ORDERS);
            return orderIds;
        } finally {
            first.kill();
            if (second != null) {
                second.stopGracefully();
            }
        }
    }

    private static long sentCount(List<String> orderIds) {
        return orderIds.stream().filter(id -> !smtp.messagesFor(id).isEmpty()).count();
    }

    private static int rowsSentWithBothDeliveries(List<String> orderIds) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbcUrl,
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse("postgres"),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from order_email where order_id = any(?) and status = 'SENT' and deliveries >= 2")) {
            query.setArray(1, db.createArrayOf("varchar", orderIds.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The packaged service, as a child process with its own HTTP port. */
    static final class ServiceProcess {
        final Process process;
        final int httpPort;
        final String name;

        private ServiceProcess(String name, Process process, int httpPort) {
            this.name = name;
            this.process = process;
            this.httpPort = httpPort;
        }

        static ServiceProcess start(String name, boolean cleanDatabase) throws Exception {
            int port = TestEnvironment.freePort();
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            assertThat(jar).exists();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                    "-Dquarkus.datasource.username=" + config.getOptionalValue("quarkus.datasource.username",
                            String.class).orElse("postgres"),
                    "-Dquarkus.datasource.password=" + config.getOptionalValue("quarkus.datasource.password",
                            String.class).orElse(""),
                    "-Dkafka.bootstrap.servers=" + brokers.bootstrapServers(),
                    "-Drabbitmq-username=" + config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"),
                    "-Drabbitmq-password=" + config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"),
                    "-Dmp.messaging.incoming.order-created-kafka.group.id=email-service-restart-it",
                    "-Dquarkus.mailer.host=127.0.0.1",
                    "-Dquarkus.mailer.port=" + smtp.port(),
                    "-Dquarkus.grpc.clients.users.host=127.0.0.1",
                    "-Dquarkus.grpc.clients.users.port=" + users.port(),
                    "-Demail.delivery.initial-backoff=200ms",
                    "-Demail.delivery.max-backoff=1s",
                    "-Demail.delivery.workers=" + WORKERS,
                    "-Dquarkus.log.console.json.enabled=false"));
            if (cleanDatabase) {
                command.add("-Dquarkus.flyway.clean-at-start=true");
                command.add("-Dquarkus.flyway.clean-disabled=false");
            }
            command.add("-jar");
            command.add(jar.toString());
            File log = Path.of("target", "restart-it-" + name + "-" + System.currentTimeMillis() + ".log").toFile();
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
            return new ServiceProcess(name, process, port);
        }

        void awaitReady() {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                assertThat(process.isAlive()).as(name + " service process is running (see target/restart-it-"
                        + name + "-*.log)").isTrue();
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode() == 200;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }

        /** SIGTERM, as Kubernetes or Ctrl-C stops it, and wait for the exit. */
        void stopGracefully() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " stopped").isTrue();
        }

        /** SIGKILL: no shutdown hook, no graceful anything. */
        void crash() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(name + " killed").isTrue();
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}

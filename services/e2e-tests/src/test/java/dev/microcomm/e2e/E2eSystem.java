package dev.microcomm.e2e;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.microcomm.testsupport.TcpProxy;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The system under test, started once for all end-to-end tests: an SMTP server the test can read
 * (GreenMail), a cuttable path to RabbitMQ, fresh databases, and the three services as OS processes.
 * Kafka is the local stack's broker (tools/stack), which the tests stop and start for the outage test.
 */
final class E2eSystem {

    static final String PG = env("E2E_PG", "127.0.0.1:5432");
    static final String KAFKA = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String RABBIT_HOST = env("E2E_RABBITMQ_HOST", "127.0.0.1");
    static final int RABBIT_PORT = Integer.parseInt(env("E2E_RABBITMQ_PORT", "5672"));

    private static E2eSystem instance;

    final Path repo;
    final GreenMail smtp;
    final TcpProxy rabbit;
    final int userGrpcPort;
    final ServiceProcess users;
    final ServiceProcess orders;
    final ServiceProcess emails;

    static synchronized E2eSystem get() {
        if (instance == null) {
            try {
                instance = new E2eSystem();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the system under test", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown));
        }
        return instance;
    }

    private E2eSystem() throws Exception {
        repo = Path.of(System.getProperty("e2e.repo", "../..")).toAbsolutePath().normalize();
        Path logs = repo.resolve("services/e2e-tests/target/e2e-logs");
        Files.createDirectories(logs);

        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        rabbit = new TcpProxy(RABBIT_HOST, RABBIT_PORT, true);
        recreateDatabases("users_e2e", "orders_e2e", "emails_e2e");

        userGrpcPort = freePort();
        int userHttp = freePort();

        Map<String, String> common = new HashMap<>();
        common.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        common.put("QUARKUS_DATASOURCE_PASSWORD", "");
        common.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        common.put("RABBITMQ_HOST", "127.0.0.1");
        common.put("RABBITMQ_PORT", String.valueOf(rabbit.port()));
        common.put("RABBITMQ_USERNAME", "guest");
        common.put("RABBITMQ_PASSWORD", "guest");

        Map<String, String> userEnv = new HashMap<>(common);
        userEnv.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc("users_e2e"));
        userEnv.put("QUARKUS_GRPC_SERVER_PORT", String.valueOf(userGrpcPort));

        Map<String, String> orderEnv = new HashMap<>(common);
        orderEnv.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc("orders_e2e"));
        orderEnv.put("QUARKUS_REST_CLIENT_USER_SERVICE_URL", "http://127.0.0.1:" + userHttp);
        orderEnv.put("QUARKUS_GRPC_CLIENTS_USER_SERVICE_HOST", "127.0.0.1");
        orderEnv.put("QUARKUS_GRPC_CLIENTS_USER_SERVICE_PORT", String.valueOf(userGrpcPort));

        Map<String, String> emailEnv = new HashMap<>(common);
        emailEnv.put("QUARKUS_DATASOURCE_JDBC_URL", jdbc("emails_e2e"));
        emailEnv.put("QUARKUS_GRPC_CLIENTS_USERS_HOST", "127.0.0.1");
        emailEnv.put("QUARKUS_GRPC_CLIENTS_USERS_PORT", String.valueOf(userGrpcPort));
        emailEnv.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        emailEnv.put("QUARKUS_MAILER_PORT", String.valueOf(smtp.getSmtp().getPort()));

        users = new ServiceProcess("user-service", userHttp, repo, logs, userEnv);
        orders = new ServiceProcess("order-service", freePort(), repo, logs, orderEnv);
        emails = new ServiceProcess("email-service", freePort(), repo, logs, emailEnv);
        users.start();
        orders.start();
        emails.start();
    }

    /** Every service running with its default configuration (what a test that changed it restores). */
    void ensureDefaults() {
        for (ServiceProcess s : List.of(users, orders, emails)) {
            if (!s.isRunning()) {
                s.start();
            } else if (!s.overrides().isEmpty()) {
                s.restart(Map.of());
            }
        }
        rabbit.restore();
    }

    /** E-mails the SMTP server received for this recipient. */
    List<MimeMessage> mailsTo(String recipient) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> isTo(m, recipient)).toList();
    }

    private static boolean isTo(MimeMessage m, String recipient) {
        try {
            return m.getRecipients(Message.RecipientType.TO) != null && Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
        } catch (MessagingException e) {
            return false;
        }
    }

    /** Runs tools/stack (the local stack launcher) and returns its exit code. */
    int stack(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("tools/stack").toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(repo.resolve("services/e2e-tests/target/e2e-logs/stack.log").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String jdbc(String db) {
        return "jdbc:postgresql://" + PG + "/" + db;
    }

    /** Counts rows with plain JDBC: how a test checks "nothing was stored". */
    static long count(String db, String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(jdbc(db), "postgres", "");
             var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void recreateDatabases(String... names) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            for (String name : names) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                st.execute("CREATE DATABASE " + name);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private void shutdown() {
        for (ServiceProcess s : List.of(emails, orders, users)) {
            s.stop();
        }
        smtp.stop();
        try {
            rabbit.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
    }
}

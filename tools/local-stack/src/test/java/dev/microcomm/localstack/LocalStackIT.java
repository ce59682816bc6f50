package dev.microcomm.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The launcher end to end, as separate OS processes, on free ports and a temporary state dir so it never meets the
 * machine's servers or a developer's stack: every component here is the fallback we start ourselves.
 * Runs after {@code package} (failsafe) because the servers run from target/local-stack.jar + target/lib.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    @TempDir
    static Path stateDir;

    static StackConfig config;
    static LocalStack stack;
    static final String TOPIC = "launcher-it-" + UUID.randomUUID();

    @BeforeAll
    static void configure() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("STACK_HOME", stateDir.toString());
        for (String name : List.of("KAFKA_PORT", "KAFKA_CONTROLLER_PORT", "SMTP_PORT", "SMTP_HTTP_PORT", "PG_PORT", "AMQP_PORT")) {
            env.put(name, Integer.toString(freePort()));
        }
        env.put("STACK_START_TIMEOUT", "120");
        Path repoRoot = Path.of("").toAbsolutePath().resolve("../..").normalize();
        config = StackConfig.of(env, repoRoot);
        stack = new LocalStack(config);
    }

    @AfterAll
    static void tearDown() {
        if (stack != null) {
            stack.down();
        }
    }

    @Test
    @Order(1)
    void upStartsEveryMissingComponentAsItsOwnProcessAndCreatesTheDatabases() throws Exception {
        assertEquals(0, stack.up());

        List<Long> pids = new ArrayList<>();
        for (String name : List.of("postgres", "rabbitmq", "kafka", "smtp")) {
            Component component = stack.component(name);
            assertEquals(LocalStack.State.OURS, stack.stateOf(component), name);
            long pid = Long.parseLong(Files.readString(component.pidFile()).trim());
            assertTrue(ProcessHandle.of(pid).isPresent(), name + " pid " + pid);
            assertTrue(Files.size(component.logFile()) > 0, name + " writes its own log");
            pids.add(pid);
        }
        assertEquals(4, pids.stream().distinct().count(), "one process per component: " + pids);

        try (Connection connection = Databases.connect(config, "postgres");
                ResultSet rs = connection.createStatement().executeQuery("select datname from pg_database")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertTrue(names.containsAll(StackConfig.DATABASES), names.toString());
        }
    }

    @Test
    @Order(2)
    void secondUpIsANoOp() throws Exception {
        Map<String, String> before = pidFiles();

        assertEquals(0, stack.up());

        assertEquals(before, pidFiles());
    }

    @Test
    @Order(3)
    void kafkaCarriesARecordFromProducerToConsumer() throws Exception {
        produce("k1", "first");

        assertEquals(List.of("first"), consume("group-a", 1));
    }

    @Test
    @Order(4)
    void stoppedKafkaRestartsWithItsTopicAndCommittedOffsets() throws Exception {
        Component kafka = stack.component("kafka");

        assertEquals(0, stack.stopOne(kafka));
        assertFalse(kafka.answers(), "port closed while stopped");
        assertFalse(Files.exists(kafka.pidFile()));
        assertEquals(0, stack.stopOne(kafka), "stopping a stopped component is fine");

        assertEquals(0, stack.startOne(kafka));
        produce("k2", "second");
        // group-a committed "first" before the restart: it must see only the new record
        assertEquals(List.of("second"), consume("group-a", 1));
        assertEquals(List.of("first", "second"), consume("group-b", 2));
    }

    @Test
    @Order(5)
    void mailSentOverSmtpShowsUpInTheMailboxApi() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", config.smtpHost);
        props.put("mail.smtp.port", Integer.toString(config.smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("shop@example.com"));
        message.addRecipient(Message.RecipientType.TO, new InternetAddress("launcher-it@example.com"));
        message.setSubject("launcher it");
        message.setText("hello");
        Transport.send(message);

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + config.smtpHost + ":" + config.smtpHttpPort + "/messages?to=launcher-it@example.com")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"subject\":\"launcher it\""), response.body());
    }

    @Test
    @Order(6)
    void amqpFallbackSpeaksToTheRabbitMqClient() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.amqpHost);
        factory.setPort(config.amqpPort);
        factory.setUsername(config.amqpUser);
        factory.setPassword(config.amqpPassword);
        factory.setVirtualHost("/");
        try (com.rabbitmq.client.Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            // the plain declaration the contract promises to keep working
            channel.queueDeclare("order.created", true, false, false, null);
            channel.confirmSelect();
            channel.basicPublish("", "order.created", new AMQP.BasicProperties.Builder()
                    .deliveryMode(2).contentType("application/json").messageId("evt-1").build(),
                    "{\"id\":\"o1\"}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5000);
            GetResponse got = channel.basicGet("order.created", true);
            assertEquals("{\"id\":\"o1\"}", new String(got.getBody(), StandardCharsets.UTF_8));
            assertEquals("evt-1", got.getProps().getMessageId());
        }
    }

    @Test
    @Order(7)
    void refusesToStopAServerItDoesNotOwn() throws Exception {
        try (ServerSocket foreign = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> env = new HashMap<>();
            env.put("STACK_HOME", stateDir.resolve("other").toString());
            env.put("SMTP_PORT", Integer.toString(foreign.getLocalPort()));
            LocalStack other = new LocalStack(StackConfig.of(env, config.repoRoot));
            Component smtp = other.component("smtp");

            assertEquals(LocalStack.State.EXISTING, other.stateOf(smtp));
            assertEquals(3, other.stopOne(smtp));
            assertEquals(0, other.down());
            assertFalse(foreign.isClosed());
            assertTrue(Ports.answers("127.0.0.1", foreign.getLocalPort()), "the foreign server still answers");
        }
    }

    @Test
    @Order(8)
    void downStopsEverythingItStartedAndFreesThePorts() throws Exception {
        Map<String, String> pids = pidFiles();

        assertEquals(0, stack.down());

        for (Map.Entry<String, String> entry : pids.entrySet()) {
            ProcessHandle.of(Long.parseLong(entry.getValue())).ifPresent(p ->
                    assertFalse(p.isAlive(), entry.getKey() + " still alive"));
            Component component = stack.component(entry.getKey());
            assertEquals(LocalStack.State.DOWN, stack.stateOf(component), entry.getKey());
        }
        assertEquals(0, stack.down(), "down is idempotent");
    }

    private static Map<String, String> pidFiles() throws IOException {
        Map<String, String> pids = new java.util.TreeMap<>();
        for (String name : List.of("postgres", "rabbitmq", "kafka", "smtp")) {
            pids.put(name, Files.readString(stack.component(name).pidFile()).trim());
        }
        return pids;
    }

    private static void produce(String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                config.kafkaHost + ":" + config.kafkaPort), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
        }
    }

    private static List<String> consume(String group, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", config.kafkaHost + ":" + config.kafkaPort,
                "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync();
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

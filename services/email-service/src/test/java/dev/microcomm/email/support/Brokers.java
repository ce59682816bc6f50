package dev.microcomm.email.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;

/**
 * Plain Kafka and RabbitMQ clients for tests, the way an outside producer would publish. Addresses
 * and credentials come from the same configuration as the service, so an environment variable
 * moves both to another broker.
 */
public final class Brokers implements AutoCloseable {

    public static final String TOPIC = "order.created";
    public static final String QUEUE = "order.created";
    public static final String DLQ = "order.created.dlq";

    private final String bootstrap;
    private final ConnectionFactory rabbit = new ConnectionFactory();
    private KafkaProducer<String, byte[]> producer;
    private Connection rabbitConnection;

    public Brokers(Config config) {
        this.bootstrap = config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("127.0.0.1:9092");
        rabbit.setHost(config.getOptionalValue("rabbitmq-host", String.class).orElse("127.0.0.1"));
        rabbit.setPort(config.getOptionalValue("rabbitmq-port", Integer.class).orElse(5672));
        rabbit.setUsername(config.getOptionalValue("rabbitmq-username", String.class).orElse("guest"));
        rabbit.setPassword(config.getOptionalValue("rabbitmq-password", String.class).orElse("guest"));
        rabbit.setVirtualHost(config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"));
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The order JSON of the contract. */
    public static String orderJson(String orderId, String userId, String productId, String amount) {
        return "{\"id\":\"" + orderId + "\",\"userId\":\"" + userId + "\",\"productId\":\"" + productId
                + "\",\"amount\":" + amount + ",\"status\":\"CREATED\",\"createdAt\":\"" + Instant.now() + "\"}";
    }

    // ---- Kafka ------------------------------------------------------------------------------------

    public synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Publishes to {@code order.created} and waits for the broker's ack. Key and headers are optional. */
    public void sendKafka(String key, byte[] body, Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, body);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer().send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka publish failed", e);
        }
    }

    public void sendKafka(String body) {
        sendKafka(null, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public void ensureTopic(String topic) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + topic, e);
            }
        }
    }

    /**
     * Opens a reader positioned at the current end of the Kafka DLQ topic, so that it sees only
     * what is dead-lettered from now on (other runs' records are skipped).
     */
    public KafkaDlqReader kafkaDlqFromNow() {
        ensureTopic(DLQ);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "email-service-test-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(DLQ).stream()
                .map(p -> new TopicPartition(DLQ, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return new KafkaDlqReader(consumer);
    }

    /** Reads the Kafka DLQ from a fixed position and keeps everything it saw. */
    public static final class KafkaDlqReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

        KafkaDlqReader(KafkaConsumer<String, byte[]> consumer) {
            this.consumer = consumer;
        }

        public Optional<ConsumerRecord<String, byte[]>> find(Predicate<ConsumerRecord<String, byte[]>> match) {
            consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
            return seen.stream().filter(match).findFirst();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    // ---- RabbitMQ ---------------------------------------------------------------------------------

    public synchronized Connection rabbit() {
        try {
            if (rabbitConnection == null || !rabbitConnection.isOpen()) {
                rabbitConnection = rabbit.newConnection("email-service-tests");
            }
            return rabbitConnection;
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ connection failed", e);
        }
    }

    /**
     * Publishes exactly like the original design's Node publisher: plain
     * {@code assertQueue('order.created')} (durable, no arguments) then {@code sendToQueue} with the
     * given properties (none at all when {@code props} is null). Waits for the publisher confirm.
     */
    public void sendRabbit(byte[] body, AMQP.BasicProperties props) {
        try (Channel channel = rabbit().createChannel()) {
            channel.queueDeclare(QUEUE, true, false, false, null);
            channel.confirmSelect();
            channel.basicPublish("", QUEUE, props, body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ publish failed", e);
        }
    }

    public void sendRabbit(String body) {
        sendRabbit(body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Takes the first message in the RabbitMQ DLQ that matches (acking it); every other message is
     * left in the queue, untouched, for whoever it belongs to.
     */
    public Optional<GetResponse> takeFromRabbitDlq(Predicate<GetResponse> match) {
        try (Channel channel = rabbit().createChannel()) {
            channel.queueDeclare(DLQ, true, false, false, null);
            List<GetResponse> all = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(DLQ, false)) != null) {
                all.add(response);
                if (match.test(response)) {
                    channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                    return Optional.of(response);
                }
            }
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("RabbitMQ DLQ read failed", e);
        }
        // closing the channel requeues every unacked message
    }

    public static String header(GetResponse response, String name) {
        Map<String, Object> headers = response.getProps().getHeaders();
        Object value = headers == null ? null : headers.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        try {
            if (rabbitConnection != null && rabbitConnection.isOpen()) {
                rabbitConnection.close();
            }
        } catch (Exception ignored) {
            // closing test clients
        }
    }
}

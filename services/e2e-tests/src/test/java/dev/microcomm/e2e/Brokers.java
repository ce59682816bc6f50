package dev.microcomm.e2e;

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
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain broker clients, used the way a foreign producer or an operator would use them. */
final class Brokers {

    private Brokers() {
    }

    /** Publishes a record with no key and no headers, as a simple producer does. */
    static void kafkaPublish(String topic, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, E2eSystem.KAFKA);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a topic from the beginning (a fresh group) until {@code enough} holds or the time is up. */
    static List<ConsumerRecord<String, byte[]>> kafkaRead(String topic, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                          Predicate<List<ConsumerRecord<String, byte[]>>> enough,
                                                          Duration max) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, E2eSystem.KAFKA);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-probe-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(max);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (filter.test(r)) {
                        found.add(r);
                    }
                }
                if (enough.test(found)) {
                    break;
                }
            }
        }
        return found;
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static Connection rabbit() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost(E2eSystem.RABBIT_HOST);
        f.setPort(E2eSystem.RABBIT_PORT);
        f.setUsername("guest");
        f.setPassword("guest");
        try {
            return f.newConnection("e2e");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Declares the queue the plain way and publishes with sendToQueue semantics: no properties at all. */
    static void rabbitSendToQueue(String queue, byte[] body) {
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
            ch.confirmSelect();
            ch.basicPublish("", queue, null, body);
            ch.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record RabbitMessage(byte[] body, AMQP.BasicProperties props) {
        String header(String name) {
            Map<String, Object> h = props.getHeaders();
            Object v = h == null ? null : h.get(name);
            return v == null ? null : v.toString();
        }
    }

    /**
     * Takes messages matching {@code filter} off a queue (others are put back), until {@code enough}
     * holds or the time is up.
     */
    static List<RabbitMessage> rabbitTake(String queue, Predicate<byte[]> filter,
                                          Predicate<List<RabbitMessage>> enough, Duration max) {
        List<RabbitMessage> found = new ArrayList<>();
        try (Connection c = rabbit(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
            Instant deadline = Instant.now().plus(max);
            while (Instant.now().isBefore(deadline) && !enough.test(found)) {
                List<Long> others = new ArrayList<>();
                GetResponse r;
                while ((r = ch.basicGet(queue, false)) != null) {
                    if (filter.test(r.getBody())) {
                        found.add(new RabbitMessage(r.getBody(), r.getProps()));
                        ch.basicAck(r.getEnvelope().getDeliveryTag(), false);
                    } else {
                        others.add(r.getEnvelope().getDeliveryTag());
                    }
                }
                for (long tag : others) {
                    ch.basicNack(tag, false, true);
                }
                if (!enough.test(found)) {
                    ServiceProcess.sleep(500);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}

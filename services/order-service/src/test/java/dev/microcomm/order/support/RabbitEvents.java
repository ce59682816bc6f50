package dev.microcomm.order.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A plain RabbitMQ client consuming {@code order.created} (the configured
 * {@code order.events.rabbitmq.queue}), with manual acks. It declares the queue the
 * plain way ({@code queueDeclare("order.created", true, false, false, null)}), as the original design's
 * clients do, which must keep working against what order-service declares. Messages of this test suite
 * (user ids starting with {@value #TEST_USER_PREFIX}) are acked, anything else goes back to the queue on
 * close. Connection settings are order-service's own ({@code rabbitmq-host}, {@code rabbitmq-port}, ...).
 */
public final class RabbitEvents implements AutoCloseable {

    public static final String TEST_USER_PREFIX = "it-order-";

    private final String queue;
    private final Connection connection;
    private final Channel channel;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public record Received(AMQP.BasicProperties properties, String body, long deliveryTag) {
        public JsonObject json() {
            return new JsonObject(body);
        }
    }

    private RabbitEvents() throws Exception {
        Config config = ConfigProvider.getConfig();
        // order.created unless ORDER_EVENTS_RABBITMQ_QUEUE moves the whole run elsewhere (e.g. while another
        // service's tests consume order.created on the same broker and would take this suite's messages).
        queue = config.getValue("order.events.rabbitmq.queue", String.class);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("rabbitmq-host", String.class));
        factory.setPort(config.getValue("rabbitmq-port", Integer.class));
        factory.setVirtualHost(config.getOptionalValue("rabbitmq-virtual-host", String.class).orElse("/"));
        config.getOptionalValue("rabbitmq-username", String.class).ifPresent(factory::setUsername);
        config.getOptionalValue("rabbitmq-password", String.class).ifPresent(factory::setPassword);
        connection = factory.newConnection("order-service-test");
        channel = connection.createChannel();
        channel.queueDeclare(queue, true, false, false, null);
        channel.basicConsume(queue, false, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                String text = new String(body, StandardCharsets.UTF_8);
                received.add(new Received(properties, text, envelope.getDeliveryTag()));
                if (isOurs(text)) {
                    channel.basicAck(envelope.getDeliveryTag(), false);
                }
            }
        });
    }

    public static RabbitEvents open() throws Exception {
        return new RabbitEvents();
    }

    public List<Received> await(String orderId, int count, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> forOrder(orderId).size() >= count);
        return forOrder(orderId);
    }

    public List<Received> settle(String orderId, Duration during) throws InterruptedException {
        Thread.sleep(during.toMillis());
        return forOrder(orderId);
    }

    public List<Received> forOrder(String orderId) {
        return received.stream().filter(r -> {
            try {
                return orderId.equals(r.json().getString("id"));
            } catch (RuntimeException e) {
                return false;
            }
        }).toList();
    }

    private static boolean isOurs(String body) {
        try {
            String userId = new JsonObject(body).getString("userId");
            return userId != null && userId.startsWith(TEST_USER_PREFIX);
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        // Unacked (foreign) messages return to the queue for their real consumer.
        channel.close();
        connection.close();
    }
}

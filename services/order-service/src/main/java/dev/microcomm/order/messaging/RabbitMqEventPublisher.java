package dev.microcomm.order.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes to the durable RabbitMQ queue {@code order.created} through the default exchange:
 * persistent, {@code application/json}, {@code message_id} = event id, {@code traceparent} header,
 * with publisher confirms: the stage completes only when the broker confirmed the message, and fails
 * at once when the broker cannot be reached.
 *
 * <p>Why the plain RabbitMQ client and not a SmallRye channel (as for Kafka): the SmallRye RabbitMQ
 * connector hands messages to a Vert.x publisher that, while the connection is down, neither acks nor
 * nacks them — and in our outage test did not deliver them after reconnecting either. An outbox relay
 * needs a definite answer per message (confirmed, or failed so it can retry), which this gives.
 */
@ApplicationScoped
public class RabbitMqEventPublisher implements EventPublisher {

    private static final Logger LOG = Logger.getLogger(RabbitMqEventPublisher.class);
    private static final int PERSISTENT = 2;

    private final String queue;
    private final Duration confirmTimeout;
    private final ConnectionFactory factory;
    private final Set<String> returned = ConcurrentHashMap.newKeySet();
    private Connection connection;
    private Channel channel;

    public RabbitMqEventPublisher(
            @ConfigProperty(name = "order.events.rabbitmq.queue", defaultValue = "order.created") String queue,
            @ConfigProperty(name = "order.events.rabbitmq.confirm-timeout", defaultValue = "10s") Duration confirmTimeout,
            @ConfigProperty(name = "order.events.rabbitmq.host") String host,
            @ConfigProperty(name = "order.events.rabbitmq.port") int port,
            @ConfigProperty(name = "order.events.rabbitmq.virtual-host") String virtualHost,
            @ConfigProperty(name = "order.events.rabbitmq.username") Optional<String> username,
            @ConfigProperty(name = "order.events.rabbitmq.password") Optional<String> password,
            @ConfigProperty(name = "order.events.rabbitmq.connection-timeout", defaultValue = "5s") Duration connectTimeout) {
        this.queue = queue;
        this.confirmTimeout = confirmTimeout;
        this.factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(virtualHost);
        username.ifPresent(factory::setUsername);
        password.ifPresent(factory::setPassword);
        factory.setConnectionTimeout((int) connectTimeout.toMillis());
        factory.setHandshakeTimeout((int) connectTimeout.toMillis());
        // The relay owns retries: a broken connection fails the publish, the next attempt reconnects.
        factory.setAutomaticRecoveryEnabled(false);
    }

    @Override
    public Transport transport() {
        return Transport.RABBITMQ;
    }

    @Override
    public synchronized CompletionStage<Void> publish(OutboxRow row) {
        try {
            Channel ch = channel();
            String messageId = row.eventId().toString();
            Map<String, Object> headers = new HashMap<>();
            if (row.traceparent() != null) {
                headers.put(TraceContext.TRACEPARENT, row.traceparent());
            }
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                    .messageId(messageId)
                    .contentType("application/json")
                    .contentEncoding("utf-8")
                    .deliveryMode(PERSISTENT)
                    .type(row.eventType())
                    .timestamp(Date.from(row.occurredAt()))
                    .headers(headers)
                    .build();
            // mandatory: a message no queue takes comes back (basic.return) instead of vanishing.
            ch.basicPublish("", queue, true, properties, row.payload().getBytes(StandardCharsets.UTF_8));
            ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
            if (returned.remove(messageId)) {
                throw new IllegalStateException("Queue " + queue + " did not take the message");
            }
            return CompletableFuture.completedFuture(null);
        } catch (Exception e) {
            reset();
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the broker can be reached now (for the readiness check). */
    public synchronized boolean isReachable() {
        try {
            channel();
            return true;
        } catch (Exception e) {
            reset();
            return false;
        }
    }

    /**
     * The confirm-mode channel, (re)connecting when needed. The queue is declared on every new
     * connection — durable, no arguments: exactly what a plain {@code queueDeclare("order.created",
     * true, false, false, null)} or {@code assertQueue} by another client declares, so theirs keeps
     * succeeding.
     */
    private Channel channel() throws Exception {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        reset();
        connection = factory.newConnection("order-service");
        Channel ch = connection.createChannel();
        ch.queueDeclare(queue, true, false, false, null);
        ch.confirmSelect();
        ch.addReturnListener(r -> returned.add(String.valueOf(r.getProperties().getMessageId())));
        channel = ch;
        LOG.debugf("Connected to RabbitMQ, queue %s declared", queue);
        return ch;
    }

    private void reset() {
        try {
            if (connection != null) {
                connection.abort(1000);
            }
        } catch (RuntimeException ignored) {
            // already gone
        }
        connection = null;
        channel = null;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        reset();
    }
}

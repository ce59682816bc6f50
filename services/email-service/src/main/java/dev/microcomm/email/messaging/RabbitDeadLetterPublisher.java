package dev.microcomm.email.messaging;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes to the durable RabbitMQ queue {@code order.created.dlq} with a publisher confirm.
 * Application-level dead-lettering: RabbitMQ's native DLX needs an {@code x-} argument on
 * {@code order.created}, which would break the plain {@code assertQueue('order.created')} of the
 * original design's clients. Uses the plain Java client because the connector's outgoing side
 * cannot declare the queue, and a publish to the default exchange without a queue is silently lost.
 */
@ApplicationScoped
public class RabbitDeadLetterPublisher {

    private static final Logger LOG = Logger.getLogger(RabbitDeadLetterPublisher.class);

    private final ConnectionFactory factory = new ConnectionFactory();
    private final Duration confirmTimeout;
    private Connection connection;
    private Channel channel;

    public RabbitDeadLetterPublisher(
            @ConfigProperty(name = "rabbitmq-host", defaultValue = "localhost") String host,
            @ConfigProperty(name = "rabbitmq-port", defaultValue = "5672") int port,
            @ConfigProperty(name = "rabbitmq-username", defaultValue = "guest") String username,
            @ConfigProperty(name = "rabbitmq-password", defaultValue = "guest") String password,
            @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/") String virtualHost,
            @ConfigProperty(name = "email.dead-letter.confirm-timeout", defaultValue = "5s") Duration confirmTimeout) {
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5000);
        factory.setAutomaticRecoveryEnabled(false);
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Sends the original body, byte for byte, keeping the original message id and headers and adding
     * the reason. Returns once the broker confirmed; throws if it did not (the caller must not ack).
     */
    public synchronized void publish(byte[] body, AMQP.BasicProperties original, String reason) throws IOException {
        Map<String, Object> headers = new HashMap<>();
        if (original != null && original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.put(DeadLetters.REASON_HEADER, reason);
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                .deliveryMode(2)
                .headers(headers);
        if (original != null) {
            props.messageId(original.getMessageId())
                    .contentType(original.getContentType())
                    .correlationId(original.getCorrelationId())
                    .type(original.getType())
                    .timestamp(original.getTimestamp());
        }
        try {
            Channel ch = channel();
            ch.basicPublish("", DeadLetters.DESTINATION, true, props.build(), body == null ? new byte[0] : body);
            ch.waitForConfirmsOrDie(confirmTimeout.toMillis());
        } catch (IOException | TimeoutException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            closeQuietly();
            throw new IOException("Could not dead-letter to RabbitMQ queue " + DeadLetters.DESTINATION + ": " + e, e);
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel == null || !channel.isOpen()) {
            closeQuietly();
            connection = factory.newConnection("email-service-dead-letters");
            channel = connection.createChannel();
            channel.queueDeclare(DeadLetters.DESTINATION, true, false, false, null);
            channel.confirmSelect();
        }
        return channel;
    }

    private void closeQuietly() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(2000);
            }
        } catch (Exception e) {
            LOG.debugf("Closing the dead-letter connection failed: %s", e);
        }
        connection = null;
        channel = null;
    }

    synchronized void onStop(@Observes ShutdownEvent event) {
        closeQuietly();
    }
}

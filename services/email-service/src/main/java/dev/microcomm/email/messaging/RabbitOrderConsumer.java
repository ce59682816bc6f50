package dev.microcomm.email.messaging;

import com.rabbitmq.client.AMQP;
import dev.microcomm.email.domain.PoisonMessageException;
import dev.microcomm.email.domain.Transport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes the durable queue {@code order.created} from RabbitMQ with manual acks and a bounded
 * prefetch ({@code max-outstanding-messages}). The body is taken as raw bytes whatever the content
 * type. A poison message is published to {@code order.created.dlq} (confirmed) and then acked; if
 * that publish fails, the message is nacked and requeued rather than lost.
 */
@ApplicationScoped
public class RabbitOrderConsumer {

    private static final Logger LOG = Logger.getLogger(RabbitOrderConsumer.class);

    private final InboundOrders inbound;
    private final RabbitDeadLetterPublisher deadLetters;

    public RabbitOrderConsumer(InboundOrders inbound, RabbitDeadLetterPublisher deadLetters) {
        this.inbound = inbound;
        this.deadLetters = deadLetters;
    }

    @Incoming("order-created-rabbitmq")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        Optional<IncomingRabbitMQMetadata> metadata = message.getMetadata(IncomingRabbitMQMetadata.class);
        try {
            inbound.receive(message.getPayload(), Transport.RABBITMQ, metadata.flatMap(m -> m.getHeader("traceparent",
                    String.class)).orElse(null));
            return message.ack();
        } catch (PoisonMessageException e) {
            try {
                deadLetters.publish(message.getPayload(), properties(metadata), e.getMessage());
                LOG.warnf("Dead-lettered a RabbitMQ message to %s: %s", DeadLetters.DESTINATION, e.getMessage());
                return message.ack();
            } catch (Exception publishFailure) {
                LOG.errorf("Could not dead-letter a RabbitMQ message (%s); it is requeued", publishFailure.getMessage());
                return message.nack(publishFailure);
            }
        } catch (IllegalStateException stopping) {
            // Not stored because the service is stopping: neither ack nor nack (a requeue would spin
            // until the connection closes); RabbitMQ redelivers the unacked message after the restart.
            return CompletableFuture.completedFuture(null);
        }
    }

    private static AMQP.BasicProperties properties(Optional<IncomingRabbitMQMetadata> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        IncomingRabbitMQMetadata m = metadata.get();
        Map<String, Object> headers = new HashMap<>();
        m.getHeaders().forEach((k, v) -> headers.put(k, v == null ? null : v.toString()));
        return new AMQP.BasicProperties.Builder()
                .messageId(m.getMessageId().orElse(null))
                .contentType(m.getContentType().orElse(null))
                .correlationId(m.getCorrelationId().orElse(null))
                .type(m.getType().orElse(null))
                .headers(headers)
                .build();
    }
}

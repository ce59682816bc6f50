package dev.microcomm.email.messaging;

import dev.microcomm.email.domain.PoisonMessageException;
import dev.microcomm.email.domain.Transport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code order.created} from Kafka (group {@code email-service}) as raw bytes. The offset is
 * committed only after the ack, i.e. after the event is stored (throttled commit strategy). A poison
 * message is nacked: the connector's {@code dead-letter-queue} failure strategy writes it to
 * {@code order.created.dlq} unchanged with the reason in {@code dead-letter-reason}, then moves on.
 */
@ApplicationScoped
public class KafkaOrderConsumer {

    private final InboundOrders inbound;

    public KafkaOrderConsumer(InboundOrders inbound) {
        this.inbound = inbound;
    }

    @Incoming("order-created-kafka")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> message) {
        try {
            inbound.receive(message.getPayload(), Transport.KAFKA, traceparent(message));
            return message.ack();
        } catch (PoisonMessageException e) {
            return message.nack(e);
        } catch (IllegalStateException stopping) {
            // Not stored because the service is stopping: leave it unacknowledged (its offset is not
            // committed) so that it is delivered again after the restart. A nack would dead-letter it.
            return CompletableFuture.completedFuture(null);
        }
    }

    private static String traceparent(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader("traceparent"))
                .map(Header::value)
                .map(v -> new String(v, StandardCharsets.UTF_8))
                .orElse(null);
    }
}

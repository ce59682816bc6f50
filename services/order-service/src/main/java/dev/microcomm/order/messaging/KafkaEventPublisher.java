package dev.microcomm.order.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes to the Kafka topic {@code order.created}: key = order id, value = order JSON, CloudEvents
 * binary-mode headers ({@code ce_*}) and the request's {@code traceparent}. The channel is configured with
 * {@code acks=all} and the idempotent producer; the emitter's stage completes on the broker's ack.
 */
@ApplicationScoped
public class KafkaEventPublisher implements EventPublisher {

    public static final String CHANNEL = "order-created-kafka";

    private final MutinyEmitter<String> emitter;
    private final URI source;

    public KafkaEventPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter,
                               @ConfigProperty(name = "order.events.source", defaultValue = "order-service") String source) {
        this.emitter = emitter;
        this.source = URI.create(source);
    }

    @Override
    public Transport transport() {
        return Transport.KAFKA;
    }

    @Override
    public CompletionStage<Void> publish(OutboxRow row) {
        List<RecordHeader> headers = new ArrayList<>();
        if (row.traceparent() != null) {
            headers.add(new RecordHeader(TraceContext.TRACEPARENT, row.traceparent().getBytes(StandardCharsets.UTF_8)));
        }
        Message<String> message = Message.of(row.payload())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(row.aggregateId())
                        .withHeaders(headers)
                        .build())
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(row.eventId().toString())
                        .withType(row.eventType())
                        .withSource(source)
                        .withTimestamp(row.occurredAt().atZone(ZoneOffset.UTC))
                        .build());
        return emitter.sendMessage(message).subscribeAsCompletionStage();
    }
}

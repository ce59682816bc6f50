package dev.microcomm.email.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Dead-letters to the Kafka topic {@code order.created.dlq} from the dispatcher (a permanent failure
 * found after the event was accepted, e.g. unknown user). Parse failures on the consumer use the
 * connector's own {@code dead-letter-queue} failure strategy, which writes the same header.
 */
@ApplicationScoped
public class KafkaDeadLetterPublisher {

    private final MutinyEmitter<byte[]> emitter;
    private final Duration ackTimeout;

    public KafkaDeadLetterPublisher(@Channel("order-created-dlq-kafka") MutinyEmitter<byte[]> emitter,
                                    @ConfigProperty(name = "email.dead-letter.confirm-timeout", defaultValue = "5s")
                                    Duration ackTimeout) {
        this.emitter = emitter;
        this.ackTimeout = ackTimeout;
    }

    /** Returns once Kafka acknowledged the record. */
    public void publish(String key, byte[] body, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(DeadLetters.DESTINATION)
                .withKey(key)
                .withHeaders(headers)
                .build();
        emitter.sendMessage(Message.of(body).addMetadata(metadata)).await().atMost(ackTimeout);
    }
}

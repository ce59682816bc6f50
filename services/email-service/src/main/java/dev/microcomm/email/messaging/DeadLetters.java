package dev.microcomm.email.messaging;

/** Names shared by both transports' dead-letter queues (see the contract). */
public final class DeadLetters {

    /** Kafka topic and RabbitMQ queue for what cannot be processed. */
    public static final String DESTINATION = "order.created.dlq";

    /** Header carrying the reason, on both transports (the Kafka connector's failure strategy uses the same). */
    public static final String REASON_HEADER = "dead-letter-reason";

    private DeadLetters() {
    }
}

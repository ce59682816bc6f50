package dev.microcomm.order.messaging;

/** Where an event goes. Each transport has its own outbox row and its own relay lane. */
public enum Transport {
    KAFKA("kafka"),
    RABBITMQ("rabbitmq");

    private final String column;

    Transport(String column) {
        this.column = column;
    }

    /** The value stored in {@code outbox_events.transport}. */
    public String column() {
        return column;
    }
}

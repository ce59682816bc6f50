package dev.microcomm.order.messaging;

import java.util.concurrent.CompletionStage;

/** Hands one outbox row to one broker; the stage completes when the broker acknowledged it, fails on a nack. */
public interface EventPublisher {

    Transport transport();

    CompletionStage<Void> publish(OutboxRow row);
}

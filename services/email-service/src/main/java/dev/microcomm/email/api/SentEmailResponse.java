package dev.microcomm.email.api;

import dev.microcomm.email.domain.OrderEmail;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** A sent confirmation e-mail as {@code GET /emails} shows it. */
@RegisterForReflection
public record SentEmailResponse(String orderId, String to, String subject, Instant sentAt, String transport) {

    public static SentEmailResponse of(OrderEmail row) {
        return new SentEmailResponse(row.orderId, row.recipient, row.subject, row.sentAt, row.transport.wireName());
    }
}

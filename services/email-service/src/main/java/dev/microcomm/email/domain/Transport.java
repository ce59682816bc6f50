package dev.microcomm.email.domain;

import java.util.Locale;

/** The broker an event came through. Stored and shown in lower case ({@code kafka}, {@code rabbitmq}). */
public enum Transport {
    KAFKA, RABBITMQ;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

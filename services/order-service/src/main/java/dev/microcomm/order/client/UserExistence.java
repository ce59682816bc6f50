package dev.microcomm.order.client;

/** What user-service answered about a user id. */
public enum UserExistence {
    EXISTS,
    UNKNOWN
}

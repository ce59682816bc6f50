package dev.microcomm.email.client;

/** What the e-mail needs to know about a user. */
public record UserContact(String id, String name, String email) {
}

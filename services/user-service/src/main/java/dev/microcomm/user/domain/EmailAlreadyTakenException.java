package dev.microcomm.user.domain;

/** Another user already has this e-mail address (compared case-insensitively). */
public class EmailAlreadyTakenException extends RuntimeException {

    public EmailAlreadyTakenException(String email) {
        super("The e-mail address '" + email + "' is already taken.", null, false, false);
    }
}

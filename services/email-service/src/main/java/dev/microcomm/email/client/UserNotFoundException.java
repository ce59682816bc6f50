package dev.microcomm.email.client;

/** user-service answered NOT_FOUND (or INVALID_ARGUMENT): no retry will help. */
public class UserNotFoundException extends RuntimeException {

    public UserNotFoundException(String message) {
        super(message, null, false, false);
    }
}

package dev.microcomm.email.client;

/** user-service could not answer (UNAVAILABLE): worth retrying. */
public class UserServiceUnavailableException extends RuntimeException {

    public UserServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

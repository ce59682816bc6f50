package dev.microcomm.email.client;

/** user-service did not answer within the deadline: retried later by the dispatcher, counted by the circuit breaker. */
public class UserServiceTimeoutException extends RuntimeException {

    public UserServiceTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.microcomm.order.client;

/**
 * user-service could not answer now (connection refused/reset, 5xx, gRPC UNAVAILABLE or
 * DEADLINE_EXCEEDED): transient, so retried and counted by the circuit breaker.
 */
public class UserServiceUnavailableException extends RuntimeException {

    public UserServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

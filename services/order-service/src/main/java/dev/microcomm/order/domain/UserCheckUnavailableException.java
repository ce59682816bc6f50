package dev.microcomm.order.domain;

/** Whether the user exists cannot be told now (user-service down, too slow, breaker open, bulkhead full). */
public class UserCheckUnavailableException extends RuntimeException {

    public UserCheckUnavailableException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}

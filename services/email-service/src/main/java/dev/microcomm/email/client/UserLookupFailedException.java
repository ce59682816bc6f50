package dev.microcomm.email.client;

/**
 * user-service is up but could not answer (INTERNAL, UNIMPLEMENTED, …): not retried right away and not
 * counted by the circuit breaker; the dispatcher retries the e-mail later with backoff.
 */
public class UserLookupFailedException extends RuntimeException {

    public UserLookupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.microcomm.order.domain;

/** The Idempotency-Key was already used for a request with a different body. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("The Idempotency-Key '" + key + "' was already used for a different order request.", null, false, false);
    }
}

package dev.microcomm.email.domain;

/**
 * A message that no retry can ever process (not JSON, missing fields, unknown user). Its message
 * is the dead-letter reason. No stack trace: it describes the input, not a bug.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason, null, false, false);
    }
}

package dev.microcomm.localstack;

/** A failure the user can act on: its message says what went wrong and what to do. */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}

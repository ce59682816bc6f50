package dev.microcomm.order.client;

/** user-service refused the question itself (a 4xx other than 404, a gRPC error other than the transient
 * ones): asking again would not help, so it is not retried. */
public class UserServiceRejectedException extends RuntimeException {

    public UserServiceRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.microcomm.email.client;

import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserResponse;
import dev.microcomm.proto.user.UserServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Looks a user up with user-service's gRPC {@code GetUser} (generated blocking stub). Every call has
 * a deadline; only UNAVAILABLE is retried here (with backoff); a circuit breaker stops calling a
 * user-service that is down or too slow (UNAVAILABLE, DEADLINE_EXCEEDED). Other errors come from a
 * user-service that is up, so they do not open the circuit; the dispatcher retries them later. Fault-tolerance values can be tuned by configuration, e.g.
 * {@code quarkus.fault-tolerance."dev.microcomm.email.client.UserLookup/find".retry.max-retries}.
 */
@ApplicationScoped
public class UserLookup {

    private final UserServiceGrpc.UserServiceBlockingStub users;
    private final Duration deadline;

    public UserLookup(@GrpcClient("users") UserServiceGrpc.UserServiceBlockingStub users,
                      @ConfigProperty(name = "email.user-lookup.deadline", defaultValue = "2s") Duration deadline) {
        this.users = users;
        this.deadline = deadline;
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = UserServiceUnavailableException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, successThreshold = 1,
            failOn = {UserServiceUnavailableException.class, UserServiceTimeoutException.class})
    public UserContact find(String userId) {
        try {
            UserResponse user = users.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getUser(UserRequest.newBuilder().setUserId(userId).build());
            return new UserContact(user.getId(), user.getName(), user.getEmail());
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            String detail = "user-service GetUser(" + userId + "): " + code
                    + (e.getStatus().getDescription() == null ? "" : " " + e.getStatus().getDescription());
            switch (code) {
                case NOT_FOUND, INVALID_ARGUMENT -> throw new UserNotFoundException("user '" + userId + "' not found ("
                        + detail + ")");
                case UNAVAILABLE -> throw new UserServiceUnavailableException(detail, e);
                case DEADLINE_EXCEEDED -> throw new UserServiceTimeoutException(detail, e);
                default -> throw new UserLookupFailedException(detail, e);
            }
        }
    }
}

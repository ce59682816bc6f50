package dev.microcomm.order.client;

import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserService;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The user check over gRPC ({@code UserService/GetUser}), guarded like {@link RestUserLookup};
 * its numbers come from {@code quarkus.fault-tolerance."dev.microcomm.order.client.GrpcUserLookup/check".*}.
 */
@ApplicationScoped
@Typed(GrpcUserLookup.class)
public class GrpcUserLookup implements UserLookup {

    private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

    private final UserService users;

    public GrpcUserLookup(@GrpcClient("user-service") UserService users) {
        this.users = users;
    }

    @Override
    @Timeout(value = 1000, unit = ChronoUnit.MILLIS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, maxDuration = 3000, durationUnit = ChronoUnit.MILLIS,
            retryOn = {UserServiceUnavailableException.class, TimeoutException.class})
    @ExponentialBackoff(factor = 2, maxDelay = 1000)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = BulkheadException.class)
    @Bulkhead(value = 16, waitingTaskQueue = 16)
    public Uni<UserExistence> check(String userId) {
        return users.getUser(UserRequest.newBuilder().setUserId(userId).build())
                .map(user -> UserExistence.EXISTS)
                .onFailure().recoverWithUni(GrpcUserLookup::classify);
    }

    private static Uni<UserExistence> classify(Throwable failure) {
        Status status = failure instanceof StatusRuntimeException sre ? sre.getStatus()
                : failure instanceof StatusException se ? se.getStatus() : null;
        if (status == null) {
            return Uni.createFrom().failure(
                    new UserServiceUnavailableException("user-service unreachable: " + failure.getMessage(), failure));
        }
        if (status.getCode() == Status.Code.NOT_FOUND) {
            return Uni.createFrom().item(UserExistence.UNKNOWN);
        }
        if (TRANSIENT.contains(status.getCode())) {
            return Uni.createFrom().failure(
                    new UserServiceUnavailableException("user-service answered " + status.getCode(), failure));
        }
        return Uni.createFrom().failure(
                new UserServiceRejectedException("user-service answered " + status.getCode(), failure));
    }
}

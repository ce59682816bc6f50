package dev.microcomm.user.api;

import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserResponse;
import dev.microcomm.proto.user.UserService;
import dev.microcomm.user.domain.UserDirectory;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC {@code UserService} (full name exactly that: the proto has no package). */
@GrpcService
public class UserGrpcService implements UserService {

    private final UserDirectory users;

    public UserGrpcService(UserDirectory users) {
        this.users = users;
    }

    @Override
    @Blocking
    public Uni<UserResponse> getUser(UserRequest request) {
        String id = request.getUserId();
        if (id.isBlank()) {
            return Uni.createFrom().failure(
                    Status.INVALID_ARGUMENT.withDescription("userId must not be empty").asRuntimeException());
        }
        return users.find(id)
                .map(user -> Uni.createFrom().item(UserResponse.newBuilder()
                        .setId(user.id.toString()).setName(user.name).setEmail(user.email).build()))
                .orElseGet(() -> Uni.createFrom().failure(
                        Status.NOT_FOUND.withDescription("No user with id '" + abbreviate(id) + "'")
                                .asRuntimeException()));
    }

    /** Echo at most a short prefix: the description travels in a header with a size limit. */
    private static String abbreviate(String id) {
        return id.length() <= 64 ? id : id.substring(0, 64) + "…";
    }
}

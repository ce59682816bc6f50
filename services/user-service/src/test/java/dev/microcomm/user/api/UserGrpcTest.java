package dev.microcomm.user.api;

import static dev.microcomm.user.api.UserRestTest.createUser;
import static dev.microcomm.user.api.UserRestTest.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserResponse;
import dev.microcomm.proto.user.UserServiceGrpc;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** gRPC {@code UserService} on its own server, called over a real channel. */
@QuarkusTest
class UserGrpcTest {

    @ConfigProperty(name = "quarkus.grpc.server.test-port")
    int grpcPort;

    ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    UserServiceGrpc.UserServiceBlockingStub users() {
        return UserServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @Test
    void getUserFindsAUserCreatedOverRest() {
        String email = uniqueEmail("grpc");
        String id = createUser("Grace", email);
        UserResponse user = users().getUser(UserRequest.newBuilder().setUserId(id).build());
        assertThat(user.getId()).isEqualTo(id);
        assertThat(user.getName()).isEqualTo("Grace");
        assertThat(user.getEmail()).isEqualTo(email);
    }

    @Test
    void unknownIdIsNotFound() {
        for (String id : List.of(UUID.randomUUID().toString(), "garbage", "' OR 1=1 --", "x".repeat(10_000))) {
            assertThatThrownBy(() -> users().getUser(UserRequest.newBuilder().setUserId(id).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        }
    }

    @Test
    void emptyIdIsInvalidArgument() {
        for (UserRequest request : List.of(UserRequest.getDefaultInstance(),
                UserRequest.newBuilder().setUserId("   ").build())) {
            assertThatThrownBy(() -> users().getUser(request))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    /**
     * The original design's Node client loads user.proto, which has no package, so it calls the
     * method by the full name {@code UserService/GetUser}. Build that call by hand, without the
     * generated stub, to prove the wire name.
     */
    @Test
    void rawCallOnTheOriginalWireName() {
        String id = createUser("Node", uniqueEmail("node"));
        MethodDescriptor<UserRequest, UserResponse> getUser = MethodDescriptor.<UserRequest, UserResponse>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("UserService/GetUser")
                .setRequestMarshaller(ProtoUtils.marshaller(UserRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(UserResponse.getDefaultInstance()))
                .build();
        UserResponse response = ClientCalls.blockingUnaryCall(channel, getUser,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                UserRequest.newBuilder().setUserId(id).build());
        assertThat(response.getId()).isEqualTo(id);
        assertThat(response.getName()).isEqualTo("Node");
        assertThat(UserServiceGrpc.SERVICE_NAME).isEqualTo("UserService");
    }

    @Test
    void healthServiceReportsServing() {
        HealthCheckResponse overall = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("").build());
        assertThat(overall.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        HealthCheckResponse users = HealthGrpc.newBlockingStub(channel)
                .check(HealthCheckRequest.newBuilder().setService("UserService").build());
        assertThat(users.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void reflectionListsUserService() throws Exception {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .serverReflectionInfo(new StreamObserver<>() {
                    final List<String> seen = new ArrayList<>();

                    @Override
                    public void onNext(ServerReflectionResponse value) {
                        value.getListServicesResponse().getServiceList().forEach(s -> seen.add(s.getName()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        names.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        names.complete(seen);
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
        requests.onCompleted();
        assertThat(names.get(10, TimeUnit.SECONDS)).contains("UserService", "grpc.health.v1.Health");
    }
}

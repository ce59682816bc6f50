package dev.microcomm.email.support;

import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserResponse;
import dev.microcomm.proto.user.UserServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server (Netty, real TCP) speaking the shared {@code UserService} proto, standing in
 * for user-service. It can be stopped and started again on the same port to make the service
 * really unavailable (connection refused), not just answer an error.
 */
public final class FakeUserService extends UserServiceGrpc.UserServiceImplBase {

    private final Map<String, UserResponse> users = new ConcurrentHashMap<>();
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final int port;
    private Server server;

    public FakeUserService(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(this).build().start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the fake user-service on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }

    /** From now on, lookups of this user fail with INTERNAL (user-service is up but cannot answer for it). */
    public void failFor(String id) {
        failing.put(id, true);
    }

    public void register(String id, String name, String email) {
        failing.remove(id);
        users.put(id, UserResponse.newBuilder().setId(id).setName(name).setEmail(email).build());
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public void getUser(UserRequest request, StreamObserver<UserResponse> response) {
        calls.incrementAndGet();
        if (request.getUserId().isBlank()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("userId must not be empty").asRuntimeException());
            return;
        }
        if (failing.containsKey(request.getUserId())) {
            response.onError(Status.INTERNAL.withDescription("simulated failure").asRuntimeException());
            return;
        }
        UserResponse user = users.get(request.getUserId());
        if (user == null) {
            response.onError(Status.NOT_FOUND.withDescription("No user with id '" + request.getUserId() + "'")
                    .asRuntimeException());
            return;
        }
        response.onNext(user);
        response.onCompleted();
    }
}

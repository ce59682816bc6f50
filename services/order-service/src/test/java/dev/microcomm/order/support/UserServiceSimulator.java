package dev.microcomm.order.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.microcomm.proto.user.UserRequest;
import dev.microcomm.proto.user.UserResponse;
import dev.microcomm.proto.user.UserServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for user-service in tests: its REST API ({@code GET /users/{id}}) and its gRPC
 * {@code UserService/GetUser}, on fixed ports for the life of the test run, switchable between
 * behaviours. Counts calls and the highest number of concurrent calls, so tests can prove "no call
 * while the breaker is open", "no retry on 404" and "the bulkhead held".
 */
public final class UserServiceSimulator {

    public enum Behaviour {
        /** 200 / OK with the user, except for ids starting with {@code unknown-}: 404 / NOT_FOUND. */
        KNOWS_USERS,
        /** 404 / NOT_FOUND for every id. */
        NOT_FOUND,
        /** 503 / UNAVAILABLE: a transient failure. */
        FAILING,
        /** 400 / INVALID_ARGUMENT: a failure that retrying does not fix. */
        REJECTING,
        /** Answers like KNOWS_USERS, but only after {@link #delayMillis}. */
        SLOW
    }

    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "user-service-simulator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.KNOWS_USERS;
    private volatile long delayMillis = 0;
    private volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private int httpPort;
    private int grpcPort;
    private HttpServer http;
    private Server grpc;

    public synchronized void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 64);
        http.setExecutor(workers);
        http.createContext("/users/", this::handleHttp);
        http.start();
        httpPort = http.getAddress().getPort();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", grpcPort))
                .executor(workers)
                .addService(new GrpcUsers())
                .build()
                .start();
        grpcPort = grpc.getPort();
    }

    /** Both endpoints stop listening: connection refused until {@link #start()}. */
    public synchronized void stop() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
        if (grpc != null) {
            grpc.shutdownNow();
            try {
                grpc.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            grpc = null;
        }
    }

    public synchronized boolean isRunning() {
        return http != null;
    }

    /** Back to a healthy user-service with fresh counters. */
    public synchronized void reset() throws IOException {
        behaviour = Behaviour.KNOWS_USERS;
        delayMillis = 0;
        release.countDown(); // slow calls of the previous test end now
        release = new java.util.concurrent.CountDownLatch(1);
        calls.set(0);
        maxInFlight.set(0);
        if (!isRunning()) {
            start();
        }
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    public void slow(long delayMillis) {
        this.delayMillis = delayMillis;
        this.behaviour = Behaviour.SLOW;
    }

    public int calls() {
        return calls.get();
    }

    public int maxConcurrentCalls() {
        return maxInFlight.get();
    }

    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** What to answer for one call; waits first when slow. */
    private Behaviour enter(String userId) {
        calls.incrementAndGet();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Behaviour now = behaviour;
        if (now == Behaviour.SLOW) {
            try {
                release.await(delayMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if ((now == Behaviour.KNOWS_USERS || now == Behaviour.SLOW) && userId.startsWith("unknown-")) {
            return Behaviour.NOT_FOUND;
        }
        return now;
    }

    private void handleHttp(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring("/users/".length());
        try {
            Behaviour answer = enter(id);
            switch (answer) {
                case NOT_FOUND -> respond(exchange, 404, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no user\"}");
                case FAILING -> respond(exchange, 503, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"down\"}");
                case REJECTING -> respond(exchange, 400, "application/problem+json",
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"bad\"}");
                default -> respond(exchange, 200, "application/json",
                        "{\"id\":\"" + id + "\",\"name\":\"Test User\",\"email\":\"test@example.com\"}");
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client gave up (timeout): nothing to answer to.
        } finally {
            exchange.close();
        }
    }

    private final class GrpcUsers extends UserServiceGrpc.UserServiceImplBase {
        @Override
        public void getUser(UserRequest request, StreamObserver<UserResponse> response) {
            try {
                Behaviour answer = enter(request.getUserId());
                switch (answer) {
                    case NOT_FOUND -> response.onError(Status.NOT_FOUND.withDescription("no user").asRuntimeException());
                    case FAILING -> response.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
                    case REJECTING -> response.onError(
                            Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException());
                    default -> {
                        response.onNext(UserResponse.newBuilder().setId(request.getUserId()).setName("Test User")
                                .setEmail("test@example.com").build());
                        response.onCompleted();
                    }
                }
            } catch (RuntimeException e) {
                // The client cancelled (timeout): nothing to answer to.
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }
}

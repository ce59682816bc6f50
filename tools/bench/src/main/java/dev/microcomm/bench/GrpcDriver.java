package dev.microcomm.bench;

import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Drives {@code UserService/GetUser} with grpc-java over Netty (one event loop, one HTTP/2 connection, as a
 * generated stub would) and hand-encoded protobuf: UserRequest.userId is field 1, the only field.
 */
final class GrpcDriver implements AutoCloseable {

    static final MethodDescriptor<byte[], byte[]> GET_USER = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("UserService/GetUser")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final NioEventLoopGroup group = new NioEventLoopGroup(1);
    private final ManagedChannel channel;

    GrpcDriver(String host, int port) {
        channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().eventLoopGroup(group)
                .channelType(NioSocketChannel.class).directExecutor().build();
    }

    static byte[] userRequest(String userId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeString(1, userId);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One call, blocking; returns the response bytes (setup check, not measured). */
    byte[] once(byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, GET_USER, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    LoadResult closedLoop(String name, int concurrency, double seconds, IntFunction<byte[]> requests)
            throws InterruptedException {
        LoadResult result = new LoadResult(name);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        AtomicLong lastDone = new AtomicLong(start);
        CountDownLatch callers = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(requests, seq, end, result, lastDone, callers);
        }
        if (!callers.await((long) seconds + 60, TimeUnit.SECONDS)) {
            System.out.println("    (some calls did not finish within 60 s after the run)");
        }
        result.elapsedSeconds = (lastDone.get() - start) / 1e9;
        return result;
    }

    private void loop(IntFunction<byte[]> requests, AtomicLong seq, long end, LoadResult result, AtomicLong lastDone,
            CountDownLatch callers) {
        long t0 = System.nanoTime();
        if (t0 >= end) {
            callers.countDown();
            return;
        }
        ClientCalls.asyncUnaryCall(channel.newCall(GET_USER, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS)),
                requests.apply((int) seq.getAndIncrement()), new StreamObserver<>() {
                    private boolean answered;

                    @Override
                    public void onNext(byte[] value) {
                        answered = true;
                    }

                    @Override
                    public void onError(Throwable t) {
                        done(Status.fromThrowable(t).getCode().name(), false);
                    }

                    @Override
                    public void onCompleted() {
                        done(answered ? "OK" : "OK-empty", answered);
                    }

                    private void done(String outcome, boolean success) {
                        long t1 = System.nanoTime();
                        lastDone.accumulateAndGet(t1, Math::max);
                        result.record((t1 - t0) / 1000, outcome, success);
                        loop(requests, seq, end, result, lastDone, callers);
                    }
                });
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }

    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

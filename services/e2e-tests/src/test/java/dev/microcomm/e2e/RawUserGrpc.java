package dev.microcomm.e2e;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/**
 * {@code UserService/GetUser} called with hand-encoded protobuf: what any client built from
 * proto/user.proto sends on the wire (UserRequest.userId = field 1; UserResponse id/name/email = 1/2/3).
 */
final class RawUserGrpc implements AutoCloseable {

    record User(String id, String name, String email) {
    }

    private static final MethodDescriptor<byte[], byte[]> GET_USER = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("UserService/GetUser")
            .setRequestMarshaller(new Bytes())
            .setResponseMarshaller(new Bytes())
            .build();

    private final ManagedChannel channel;

    RawUserGrpc(int port) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    User getUser(String userId) {
        return decode(getUserRaw(encode(userId)));
    }

    byte[] getUserRaw(byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, GET_USER, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                request);
    }

    static byte[] encode(String userId) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            if (!userId.isEmpty()) {
                out.writeString(1, userId);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static User decode(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            String id = "";
            String name = "";
            String email = "";
            int tag;
            while ((tag = in.readTag()) != 0) {
                switch (tag >>> 3) {
                    case 1 -> id = in.readString();
                    case 2 -> name = in.readString();
                    case 3 -> email = in.readString();
                    default -> in.skipField(tag);
                }
            }
            return new User(id, name, email);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
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

package dev.microcomm.order.client;

import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** The user check over gRPC: {@code order.user-lookup.mode=grpc}, the same outcomes as over REST. */
@QuarkusTest
@TestProfile(GrpcUserCheckTest.GrpcMode.class)
@WithTestResource(UserServiceSimulatorResource.class)
class GrpcUserCheckTest extends UserCheckContract {

    public static class GrpcMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("order.user-lookup.mode", "grpc");
        }
    }

    @Override
    String guardedMethod() {
        return GrpcUserLookup.class.getName() + ".check";
    }
}

package dev.microcomm.order.client;

import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The user check over REST (the default mode). */
@QuarkusTest
@WithTestResource(UserServiceSimulatorResource.class)
class RestUserCheckTest extends UserCheckContract {

    @Override
    String guardedMethod() {
        return RestUserLookup.class.getName() + ".check";
    }
}

package dev.microcomm.order.client;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static dev.microcomm.order.support.Orders.post;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.Metrics;
import dev.microcomm.order.support.Orders;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulator.Behaviour;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronous user check's outcomes and its fault tolerance, as a client of POST /orders sees them.
 * Run once per lookup mode ({@link RestUserCheckTest}, {@link GrpcUserCheckTest}) against the simulator.
 * Thresholds are the %test ones in application.properties: timeout 400 ms, 2 retries, all within 2 s;
 * breaker opens at 3 of the last 4 calls failed, stays open 1.5 s; bulkhead 2 running + 1 waiting.
 */
abstract class UserCheckContract {

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    CircuitBreakerMaintenance breakers;

    @ConfigProperty(name = "quarkus.fault-tolerance.global.retry.max-retries")
    int maxRetries;

    @ConfigProperty(name = "quarkus.fault-tolerance.global.retry.max-duration")
    long maxDurationMillis;

    @ConfigProperty(name = "quarkus.fault-tolerance.global.circuit-breaker.request-volume-threshold")
    int breakerVolume;

    @ConfigProperty(name = "quarkus.fault-tolerance.global.bulkhead.value")
    int bulkhead;

    /** The FT metrics' method tag of this mode's guarded method. */
    abstract String guardedMethod();

    @BeforeEach
    void healthyUserServiceAndClosedBreaker() throws Exception {
        userService.reset();
        // A client that saw user-service down reconnects with backoff (gRPC channels do): wait until it
        // reaches the simulator again, so that each test starts from a client that can call.
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            breakers.resetAll();
            return post(body(knownUser(), "warm-up", "1")).statusCode() == 201;
        });
        userService.reset();
        breakers.resetAll();
    }

    @AfterEach
    void leaveAHealthyUserServiceAndAClosedBreaker() throws Exception {
        userService.reset();
        breakers.resetAll();
    }

    @Test
    void existingUser201() {
        String userId = knownUser();
        post(body(userId, "p-1", "10")).then().statusCode(201).body("userId", equalTo(userId));
        assertEquals(1, userService.calls());
    }

    @Test
    void unknownUser422AndNoRetry() {
        userService.behave(Behaviour.NOT_FOUND);
        String userId = knownUser();
        post(body(userId, "p-1", "10")).then().statusCode(422)
                .contentType("application/problem+json").body("title", equalTo("User not found"));
        assertEquals(1, userService.calls(), "404 / NOT_FOUND is an answer: never retried");
        assertEquals(0, Orders.countForUser(userId));
    }

    @Test
    void transientFailureIsRetriedThen503WithRetryAfterAndNothingStored() {
        userService.behave(Behaviour.FAILING);
        String userId = knownUser();
        assert503(post(body(userId, "p-1", "10")));
        assertEquals(1 + maxRetries, userService.calls(), "503 / UNAVAILABLE is retried");
        assertEquals(0, Orders.countForUser(userId));
    }

    @Test
    void nonTransientFailureIsNotRetried() {
        userService.behave(Behaviour.REJECTING);
        assert503(post(body(knownUser(), "p-1", "10")));
        assertEquals(1, userService.calls(), "400 / INVALID_ARGUMENT is not retried");
    }

    @Test
    void connectionRefused503() {
        userService.stop();
        String userId = knownUser();
        assert503(post(body(userId, "p-1", "10")));
        assertEquals(0, Orders.countForUser(userId));
    }

    @Test
    void tooSlow503WithinTheConfiguredBound() {
        userService.slow(10_000);
        String userId = knownUser();
        long start = System.nanoTime();
        Response response = post(body(userId, "p-1", "10"));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assert503(response);
        // Upper bound only: all attempts end within retry.max-duration (plus the HTTP round trip).
        assertTrue(elapsedMillis < maxDurationMillis + 1500,
                "answered after " + elapsedMillis + " ms, bound " + maxDurationMillis + " ms");
        assertTrue(userService.calls() >= 2, "a timeout is retried: " + userService.calls() + " calls");
        assertEquals(0, Orders.countForUser(userId));
    }

    @Test
    void breakerOpensAnswers503WithoutCallingThenHalfOpensAndCloses() {
        userService.behave(Behaviour.FAILING);
        // 1st order: 1 + 2 retries = 3 failed calls; 2nd order's first call is the 4th failure: open.
        assert503(post(body(knownUser(), "p-1", "10")));
        assert503(post(body(knownUser(), "p-1", "10")));
        assertEquals(breakerVolume, userService.calls());
        assertEquals(1.0, Metrics.value("ft_circuitbreaker_state_current", method(), "state=\"open\""));

        int callsWhenOpen = userService.calls();
        assert503(post(body(knownUser(), "p-1", "10")));
        assertEquals(callsWhenOpen, userService.calls(), "breaker open: user-service is not called");

        // user-service recovers; after the breaker's delay a trial call goes through and closes it.
        userService.behave(Behaviour.KNOWS_USERS);
        String userId = knownUser();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> post(body(userId, "p-1", "10")).statusCode() == 201);
        assertEquals(1.0, Metrics.value("ft_circuitbreaker_state_current", method(), "state=\"closed\""));
        assertEquals(1, Orders.countForUser(userId), "only the successful attempt stored an order");
        post(body(knownUser(), "p-1", "10")).then().statusCode(201);
    }

    @Test
    void unknownUserCountsAsSuccessForTheBreaker() {
        userService.behave(Behaviour.NOT_FOUND);
        for (int i = 0; i < breakerVolume * 2; i++) {
            post(body(knownUser(), "p-1", "10")).then().statusCode(422);
        }
        assertEquals(breakerVolume * 2, userService.calls(), "every request reached user-service");
        assertEquals(1.0, Metrics.value("ft_circuitbreaker_state_current", method(), "state=\"closed\""));
    }

    @Test
    void bulkheadFullAnswers503AndUserServiceNeverSeesMoreThanTheLimit() throws Exception {
        userService.slow(300);
        double rejectedBefore = Metrics.value("ft_bulkhead_calls_total", method(), "bulkheadResult=\"rejected\"");
        int parallel = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        List<Response> responses = new ArrayList<>();
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return post(body(knownUser(), "p-1", "10"));
                }));
            }
            start.countDown();
            for (Future<Response> f : futures) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        List<Integer> statuses = responses.stream().map(Response::statusCode).toList();
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 503), statuses.toString());
        assertTrue(statuses.contains(503), "some requests were refused: " + statuses);
        responses.stream().filter(r -> r.statusCode() == 503).forEach(this::assert503);
        assertTrue(userService.maxConcurrentCalls() <= bulkhead,
                "at most " + bulkhead + " concurrent calls, saw " + userService.maxConcurrentCalls());
        assertTrue(Metrics.value("ft_bulkhead_calls_total", method(), "bulkheadResult=\"rejected\"") > rejectedBefore,
                "the bulkhead rejected calls");
    }

    private String method() {
        return "method=\"" + guardedMethod() + "\"";
    }

    private void assert503(Response response) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("2"))
                .body("status", equalTo(503));
    }
}

package dev.microcomm.order.api;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static dev.microcomm.order.support.Orders.post;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.Orders;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key}: repeat, conflict, concurrent race, bounds. */
@QuarkusTest
@WithTestResource(UserServiceSimulatorResource.class)
class IdempotencyKeyTest {

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    AgroalDataSource db;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthyUserService() throws Exception {
        userService.reset();
        breakers.resetAll();
    }

    @Test
    void repeatWithSameKeyAndBodyReturnsTheFirstOrderAndCreatesNothing() throws Exception {
        String userId = knownUser();
        String key = "key-" + UUID.randomUUID();
        JsonObject first = Orders.json(post(body(userId, "p-1", "10"), key).then().statusCode(201).extract().response());
        // 10.00 is the same amount as 10
        Response repeat = post(body(userId, "p-1", "10.00"), key);
        repeat.then().statusCode(200).header("Location", endsWith("/orders/" + first.getString("id")));
        assertEquals(first, Orders.json(repeat));
        assertEquals(1, Orders.countForUser(userId));
        assertEquals(2, outboxRows(userId), "one event (two transports) for one order");
        assertEquals(1, userService.calls(), "the repeat is answered without asking user-service");
    }

    @Test
    void repeatIsAnsweredEvenWhileUserServiceIsDown() throws Exception {
        String userId = knownUser();
        String key = "key-" + UUID.randomUUID();
        String id = post(body(userId, "p-1", "10"), key).then().statusCode(201).extract().path("id");
        userService.stop();
        post(body(userId, "p-1", "10"), key).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void sameKeyWithAnotherBodyIs422AndCreatesNothing() throws Exception {
        String userId = knownUser();
        String key = "key-" + UUID.randomUUID();
        post(body(userId, "p-1", "10"), key).then().statusCode(201);
        for (String other : new String[] {body(userId, "p-1", "11"), body(userId, "p-2", "10"),
                body(knownUser(), "p-1", "10")}) {
            post(other, key).then().statusCode(422).contentType("application/problem+json")
                    .body("status", equalTo(422));
        }
        assertEquals(1, Orders.countForUser(userId));
    }

    @Test
    void keyMustBe1To200Characters() {
        String userId = knownUser();
        post(body(userId, "p-1", "10"), "k".repeat(201)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem(equalTo("Idempotency-Key")));
        post(body(userId, "p-1", "10"), "").then().statusCode(400).contentType("application/problem+json");
        post(body(userId, "p-1", "10"), "k".repeat(200)).then().statusCode(201);
        assertEquals(1, Orders.countForUser(userId));
    }

    @Test
    void concurrentRequestsWithTheSameKeyCreateOneOrder() throws Exception {
        // A slow user check makes the requests overlap: all pass the "key known?" check before any commits.
        userService.slow(150);
        String userId = knownUser();
        String key = "race-" + UUID.randomUUID();
        int parallel = 2; // the bulkhead admits 2 concurrent user checks in the test profile
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post(body(userId, "p-1", "10"), key);
                }));
            }
            start.countDown();
            Set<String> ids = new HashSet<>();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                statuses.add(r.statusCode());
                ids.add(r.jsonPath().getString("id"));
            }
            assertTrue(statuses.contains(201), "one of them created it: " + statuses);
            assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 200), "the other got the same order: " + statuses);
            assertEquals(1, ids.size(), "the same order for both: " + ids);
            assertEquals(2, userService.calls(), "both really raced past the first key check");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Orders.countForUser(userId));
        assertEquals(2, outboxRows(userId), "the loser's order and outbox rows were rolled back");
    }

    @Test
    void concurrentRequestsWithTheSameKeyButDifferentBodies() throws Exception {
        userService.slow(150);
        String userId = knownUser();
        String key = "race-" + UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> a = pool.submit(() -> {
                start.await();
                return post(body(userId, "p-1", "10"), key);
            });
            Future<Response> b = pool.submit(() -> {
                start.await();
                return post(body(userId, "p-2", "10"), key);
            });
            start.countDown();
            List<Integer> statuses = List.of(a.get().statusCode(), b.get().statusCode());
            assertTrue(statuses.containsAll(List.of(201, 422)), "one wins, the other is refused: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, Orders.countForUser(userId));
    }

    private int outboxRows(String userId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM outbox_events e JOIN orders o ON o.id::text = e.aggregate_id WHERE o.user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

}

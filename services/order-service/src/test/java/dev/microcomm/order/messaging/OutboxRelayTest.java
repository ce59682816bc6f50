package dev.microcomm.order.messaging;

import static dev.microcomm.order.support.Orders.body;
import static dev.microcomm.order.support.Orders.knownUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.microcomm.order.support.InjectUserService;
import dev.microcomm.order.support.KafkaEvents;
import dev.microcomm.order.support.Orders;
import dev.microcomm.order.support.RabbitEvents;
import dev.microcomm.order.support.UserServiceSimulator;
import dev.microcomm.order.support.UserServiceSimulatorResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay: restart after a crash, several relays at once, retention. */
@QuarkusTest
@WithTestResource(UserServiceSimulatorResource.class)
class OutboxRelayTest {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    @InjectUserService
    UserServiceSimulator userService;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource db;

    @Inject
    io.smallrye.faulttolerance.api.CircuitBreakerMaintenance breakers;

    @BeforeEach
    void healthy() throws Exception {
        userService.reset();
        breakers.resetAll();
    }

    @AfterEach
    void relayRunning() {
        relay.start();
    }

    @Test
    void eventsCommittedWhileTheRelayWasDownGoOutOnceWhenItStartsAgain() throws Exception {
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            // The relay "crashes": orders commit, the after-commit wake-up finds nobody.
            relay.stop();
            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                orderIds.add(Orders.post(body(knownUser(), "p-" + i, "7")).then().statusCode(201).extract().path("id"));
            }
            for (String id : orderIds) {
                assertEquals(2, pendingRows(id), "committed, not yet published");
            }

            // Restart: whatever is pending goes out, once per transport.
            relay.start();
            for (String id : orderIds) {
                kafka.await(id, 1, DELIVERY);
                rabbit.await(id, 1, DELIVERY);
            }
            for (String id : orderIds) {
                assertEquals(1, kafka.settle(id, Duration.ZERO).size());
                assertEquals(1, rabbit.forOrder(id).size());
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pendingRows(id) == 0);
            }
        }
    }

    @Test
    void concurrentRelaysNeverPublishTheSameRowTwice() throws Exception {
        try (KafkaEvents kafka = KafkaEvents.fromNow(); RabbitEvents rabbit = RabbitEvents.open()) {
            relay.stop();
            int orders = 12;
            List<String> orderIds = new ArrayList<>();
            for (int i = 0; i < orders; i++) {
                orderIds.add(Orders.post(body(knownUser(), "p-" + i, "1")).then().statusCode(201).extract().path("id"));
            }
            // Four "replicas" per transport, each claiming small batches until nothing is left.
            ExecutorService replicas = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> claimed = new ArrayList<>();
                for (Transport transport : Transport.values()) {
                    for (int r = 0; r < 4; r++) {
                        claimed.add(replicas.submit(drainAll(transport)));
                    }
                }
                int total = 0;
                for (Future<Integer> f : claimed) {
                    total += f.get();
                }
                assertTrue(total >= orders * 2, "every row was claimed: " + total);
            } finally {
                replicas.shutdownNow();
            }
            for (String id : orderIds) {
                assertEquals(0, pendingRows(id));
                kafka.await(id, 1, DELIVERY);
                rabbit.await(id, 1, DELIVERY);
            }
            for (String id : orderIds) {
                assertEquals(1, kafka.settle(id, Duration.ZERO).size(), "one Kafka record for " + id);
            }
            rabbit.settle(orderIds.get(0), Duration.ofMillis(500));
            for (String id : orderIds) {
                assertEquals(1, rabbit.forOrder(id).size(), "one RabbitMQ message for " + id);
            }
        }
    }

    @Test
    void sentRowsAreDeletedAfterTheRetentionPendingRowsNever() throws Exception {
        relay.stop();
        String oldSent = Orders.post(body(knownUser(), "p-1", "1")).then().statusCode(201).extract().path("id");
        String recentSent = Orders.post(body(knownUser(), "p-2", "1")).then().statusCode(201).extract().path("id");
        String pending = Orders.post(body(knownUser(), "p-3", "1")).then().statusCode(201).extract().path("id");
        // Pretend: one order's events went out two hours ago (retention in tests: 1 hour), one just now.
        execute("UPDATE outbox_events SET sent_at = now() - interval '2 hours' WHERE aggregate_id = ?", oldSent);
        execute("UPDATE outbox_events SET sent_at = now() WHERE aggregate_id = ?", recentSent);

        assertTrue(relay.cleanUp() >= 2);
        assertEquals(0, rows(oldSent));
        assertEquals(2, rows(recentSent));
        assertEquals(2, rows(pending));
    }

    @Inject
    OutboxRepository repository;

    @Test
    void aYoungerEventOfTheSameOrderWaitsUntilTheOlderOneIsSent() throws Exception {
        // Rows of a transport no relay serves, so that nothing but this test touches them.
        String transport = "test-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String aggregate = java.util.UUID.randomUUID().toString();
        long older = insertRow(transport, aggregate);
        long younger = insertRow(transport, aggregate);
        long otherOrder = insertRow(transport, java.util.UUID.randomUUID().toString());

        List<Long> firstPass = claimIds(transport);
        assertEquals(List.of(older, otherOrder), firstPass, "the younger event waits for the older one");

        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> repository.markSent(older));
        assertEquals(List.of(younger), claimIds(transport).stream().filter(id -> id != otherOrder).toList());
    }

    @Test
    void aClaimedRowIsInvisibleToAnotherRelayUntilReleased() throws Exception {
        String transport = "test-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        long row = insertRow(transport, java.util.UUID.randomUUID().toString());
        java.util.concurrent.CountDownLatch claimed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ExecutorService firstRelay = Executors.newSingleThreadExecutor();
        try {
            Future<List<OutboxRow>> first = firstRelay.submit(() -> io.quarkus.narayana.jta.QuarkusTransaction
                    .requiringNew().call(() -> {
                        List<OutboxRow> rows = repository.claimPending(transport, 10);
                        claimed.countDown();
                        release.await();
                        return rows;
                    }));
            claimed.await();
            assertEquals(List.of(), claimIds(transport), "SKIP LOCKED: the second relay does not see it");
            release.countDown();
            assertEquals(row, first.get().get(0).id());
        } finally {
            release.countDown();
            firstRelay.shutdownNow();
        }
    }

    private List<Long> claimIds(String transport) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> repository.claimPending(transport, 10).stream().map(OutboxRow::id).toList());
    }

    private long insertRow(String transport, String aggregate) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox_events (event_id, transport, event_type, aggregate_id, payload, occurred_at, next_attempt_at)"
                        + " VALUES (gen_random_uuid(), ?, 'order.created', ?, '{}', now(), now()) RETURNING id")) {
            ps.setString(1, transport);
            ps.setString(2, aggregate);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Callable<Integer> drainAll(Transport transport) {
        return () -> {
            int claimed = 0;
            while (true) {
                OutboxRelay.BatchResult result = relay.relayBatch(transport, 2);
                claimed += result.claimed();
                if (result.claimed() == 0) {
                    return claimed;
                }
            }
        };
    }

    private int pendingRows(String orderId) throws Exception {
        return count("SELECT count(*) FROM outbox_events WHERE aggregate_id = ? AND sent_at IS NULL", orderId);
    }

    private int rows(String orderId) throws Exception {
        return count("SELECT count(*) FROM outbox_events WHERE aggregate_id = ?", orderId);
    }

    private int count(String sql, String orderId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void execute(String sql, String orderId) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, orderId);
            ps.executeUpdate();
        }
    }
}

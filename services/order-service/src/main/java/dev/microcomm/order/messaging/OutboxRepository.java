package dev.microcomm.order.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The relay's SQL. Every method runs inside the caller's JTA transaction; the row locks taken by
 * {@link #claimPending} last until that transaction ends.
 */
@ApplicationScoped
public class OutboxRepository {

    /*
     * Oldest first. SKIP LOCKED: rows another relay (another replica) is publishing right now are
     * not seen, so no two relays publish the same row. NOT EXISTS: a row waits while an older row of
     * the same order is still pending on this transport, so events leave in order per order id.
     */
    private static final String CLAIM = """
            SELECT o.id, o.event_id, o.event_type, o.aggregate_id, o.payload, o.traceparent, o.occurred_at, o.attempts
              FROM outbox_events o
             WHERE o.transport = ? AND o.sent_at IS NULL AND o.next_attempt_at <= clock_timestamp()
               AND NOT EXISTS (SELECT 1 FROM outbox_events older
                                WHERE older.transport = o.transport AND older.aggregate_id = o.aggregate_id
                                  AND older.sent_at IS NULL AND older.id < o.id)
             ORDER BY o.id
             LIMIT ?
               FOR UPDATE SKIP LOCKED""";

    private final AgroalDataSource dataSource;

    public OutboxRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public List<OutboxRow> claimPending(Transport transport, int limit) {
        return claimPending(transport.column(), limit);
    }

    List<OutboxRow> claimPending(String transport, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setString(1, transport);
            ps.setInt(2, limit);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getTimestamp(7).toInstant(), rs.getInt(8)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim outbox rows", e);
        }
    }

    public void markSent(long id) {
        update("UPDATE outbox_events SET sent_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL"
                + " WHERE id = ?", ps -> ps.setLong(1, id));
    }

    /** For a late ack: the row may have been marked sent by a later pass meanwhile. */
    public void markSentIfPending(long id) {
        update("UPDATE outbox_events SET sent_at = clock_timestamp(), last_error = NULL WHERE id = ? AND sent_at IS NULL",
                ps -> ps.setLong(1, id));
    }

    public void markFailed(long id, String error, Duration retryIn) {
        update("UPDATE outbox_events SET attempts = attempts + 1, last_error = ?,"
                + " next_attempt_at = clock_timestamp() + ? * interval '1 millisecond' WHERE id = ?", ps -> {
                    ps.setString(1, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
                    ps.setLong(2, retryIn.toMillis());
                    ps.setLong(3, id);
                });
    }

    /** Deletes rows sent longer ago than the retention; returns how many. */
    public int deleteSentBefore(Duration retention) {
        return update("DELETE FROM outbox_events WHERE sent_at IS NOT NULL"
                + " AND sent_at < clock_timestamp() - ? * interval '1 millisecond'",
                ps -> ps.setLong(1, retention.toMillis()));
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Outbox update failed", e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }
}

package io.huibo.webhook.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.google.gson.JsonObject;

import io.huibo.api.vault.RecordVault;

/**
 * The webhook outbox, table {@code huibo_webhook_outbox} (store migration V6): events are written
 * here in the transaction that decides them, before any is sent, and carry their delivery state,
 * so a restart resumes where the last run stopped. Bodies, which name the parties, are kept
 * sealed by the {@link RecordVault}; settled events are purged by the store's retention. An event is due while {@code next_attempt_at}
 * is set; only the earliest undelivered event of each call or binding is ever handed out.
 */
final class Outbox {
    private static final int MAX_ERROR_CHARS = 500;
    private static final String COLUMNS = "id, tenant_id, ordering_key, seq, event_type, url, body, attempts, created_at";

    private final DataSource dataSource;
    private final RecordVault vault;

    Outbox(DataSource dataSource, RecordVault vault) {
        this.dataSource = dataSource;
        this.vault = vault;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, as {@link #transaction} does, for writers that queue
     * events: they go through here one at a time, so two never number one call's events alike.
     */
    synchronized <T> T write(Work<T> work) throws SQLException {
        return transaction(work);
    }

    /**
     * Queues, in the transaction of {@code c}, those of {@code happenings} not queued for
     * {@code subjectId} before, numbered after the ones that were; {@code data} is their payload.
     *
     * @return how many were queued
     */
    int queue(Connection c, String tenantId, String subjectId, String url, JsonObject data, List<Happening> happenings,
            Instant now) throws SQLException {
        Set<String> queued = new HashSet<>();
        long sequence = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT dedupe_key, seq FROM huibo_webhook_outbox WHERE ordering_key = ?")) {
            p.setString(1, subjectId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    queued.add(rs.getString(1));
                    sequence = Math.max(sequence, rs.getLong(2));
                }
            }
        }
        int added = 0;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_webhook_outbox (" + COLUMNS
                + ", dedupe_key, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
            for (Happening happening : happenings) {
                String dedupeKey = happening.dedupeKey(subjectId);
                if (!queued.add(dedupeKey)) {
                    continue;
                }
                String id = "ev_" + UUID.randomUUID().toString().replace("-", "");
                sequence++;
                p.setString(1, id);
                p.setString(2, tenantId);
                p.setString(3, subjectId);
                p.setLong(4, sequence);
                p.setString(5, happening.type());
                p.setString(6, url);
                p.setString(7, vault.seal(EventJson.envelope(id, happening, sequence, now, data)));
                p.setLong(8, now.toEpochMilli());
                p.setString(9, dedupeKey);
                p.setLong(10, now.toEpochMilli());
                p.executeUpdate();
                added++;
            }
        }
        return added;
    }

    /**
     * Events due at {@code now}, each the earliest undelivered one of its call or binding, most
     * overdue first, at most {@code limit}.
     */
    List<OutboxEvent> due(Instant now, int limit) throws SQLException {
        return transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM huibo_webhook_outbox o"
                    + " WHERE o.next_attempt_at <= ? AND NOT EXISTS (SELECT 1 FROM huibo_webhook_outbox e"
                    + " WHERE e.ordering_key = o.ordering_key AND e.seq < o.seq AND e.next_attempt_at IS NOT NULL)"
                    + " ORDER BY o.next_attempt_at, o.created_at")) {
                p.setLong(1, now.toEpochMilli());
                p.setMaxRows(limit);
                List<OutboxEvent> due = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        due.add(new OutboxEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getString(6), vault.open(rs.getString(7)), rs.getInt(8),
                                Instant.ofEpochMilli(rs.getLong(9))));
                    }
                }
                return due;
            }
        });
    }

    void delivered(OutboxEvent event, Instant now) throws SQLException {
        finish(event, "delivered_at", now, null);
    }

    /** Gives the event up for good: it stays on record, and the next event of its call goes ahead. */
    void failed(OutboxEvent event, Instant now, String error) throws SQLException {
        finish(event, "failed_at", now, error);
    }

    void retryAt(OutboxEvent event, Instant next, String error) throws SQLException {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_webhook_outbox"
                    + " SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                p.setInt(1, event.attempts() + 1);
                p.setLong(2, next.toEpochMilli());
                p.setString(3, truncated(error));
                p.setString(4, event.id());
                return p.executeUpdate();
            }
        });
    }

    private void finish(OutboxEvent event, String column, Instant now, String error) throws SQLException {
        transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_webhook_outbox SET attempts = ?, next_attempt_at = NULL, "
                    + column + " = ?, last_error = ? WHERE id = ?")) {
                p.setInt(1, event.attempts() + 1);
                p.setLong(2, now.toEpochMilli());
                p.setString(3, truncated(error));
                p.setString(4, event.id());
                return p.executeUpdate();
            }
        });
    }

    private static String truncated(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }

    /** Runs {@code work} in one transaction, all or nothing. */
    <T> T transaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}

package io.huibo.store.internal;

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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.spi.BindingExpiries;
import io.huibo.api.spi.OutboxEvent;
import io.huibo.api.spi.WebhookOutbox;
import io.huibo.api.vault.RecordVault;

/**
 * The webhook outbox in table {@code huibo_webhook_outbox} (migration V6), and the expiry mark
 * {@code huibo_binding.expiry_queued_at} set in the transaction that queues the announcement.
 * An event is due while {@code next_attempt_at} is set. Writers that queue go through here one at
 * a time, so two never number one call's events alike; the unique keys of the table stand behind.
 */
@Component(service = {WebhookOutbox.class, BindingExpiries.class})
public class JdbcWebhookOutbox implements WebhookOutbox, BindingExpiries {
    private static final int MAX_ERROR_CHARS = 500;
    private static final String COLUMNS = "id, tenant_id, ordering_key, seq, event_type, url, body, attempts, created_at";

    private final Transactions tx;
    private final RecordVault vault;

    @Activate
    public JdbcWebhookOutbox(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
        this.vault = vault;
    }

    @Override
    public synchronized int enqueue(Batch batch) {
        return tx.run("queue webhook events", c -> queue(c, batch));
    }

    @Override
    public synchronized boolean mark(String bindingId, Batch announcement) {
        return tx.run("mark a binding's expiry announced", c -> {
            Instant now = announcement.now();
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_binding SET expiry_queued_at = ?"
                    + " WHERE id = ? AND expires_at <= ? AND deleted_at IS NULL AND expiry_queued_at IS NULL")) {
                p.setLong(1, now.toEpochMilli());
                p.setString(2, bindingId);
                p.setLong(3, now.toEpochMilli());
                if (p.executeUpdate() != 1) {
                    return false;
                }
            }
            queue(c, announcement);
            return true;
        });
    }

    @Override
    public List<String> unmarked(Instant now, Instant notBefore) {
        return tx.run("find expiries not announced", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM huibo_binding WHERE expires_at <= ? AND expires_at > ?"
                    + " AND deleted_at IS NULL AND expiry_queued_at IS NULL ORDER BY expires_at")) {
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, notBefore.toEpochMilli());
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /** Queues, in the transaction of {@code c}, the batch's events not queued for its subject before. */
    private int queue(Connection c, Batch batch) throws SQLException {
        if (batch.events().isEmpty()) {
            return 0;
        }
        Set<String> queued = new HashSet<>();
        long sequence = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT dedupe_key, seq FROM huibo_webhook_outbox WHERE ordering_key = ?")) {
            p.setString(1, batch.subjectId());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    queued.add(rs.getString(1));
                    sequence = Math.max(sequence, rs.getLong(2));
                }
            }
        }
        int added = 0;
        long now = batch.now().toEpochMilli();
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_webhook_outbox (" + COLUMNS
                + ", dedupe_key, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")) {
            for (NewEvent event : batch.events()) {
                if (!queued.add(event.dedupeKey())) {
                    continue;
                }
                String id = "ev_" + UUID.randomUUID().toString().replace("-", "");
                sequence++;
                p.setString(1, id);
                p.setString(2, batch.tenantId());
                p.setString(3, batch.subjectId());
                p.setLong(4, sequence);
                p.setString(5, event.type());
                p.setString(6, batch.url());
                p.setString(7, vault.seal(event.body().render(id, sequence)));
                p.setLong(8, now);
                p.setString(9, event.dedupeKey());
                p.setLong(10, now);
                p.executeUpdate();
                added++;
            }
        }
        return added;
    }

    @Override
    public List<OutboxEvent> due(Instant now, int limit) {
        return tx.run("read the webhook outbox", c -> {
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

    @Override
    public void delivered(OutboxEvent event, Instant now) {
        finish(event, "delivered_at", now, null);
    }

    @Override
    public void failed(OutboxEvent event, Instant now, String error) {
        finish(event, "failed_at", now, error);
    }

    @Override
    public void retryAt(OutboxEvent event, Instant next, String error) {
        tx.run("record a webhook attempt", c -> {
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

    private void finish(OutboxEvent event, String column, Instant now, String error) {
        tx.run("settle a webhook event", c -> {
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
}

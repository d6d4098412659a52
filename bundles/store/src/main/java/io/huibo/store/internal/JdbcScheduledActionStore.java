package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.ScheduledActionStore;
import io.huibo.api.vault.RecordVault;

/**
 * Adapters' scheduled actions in table {@code huibo_scheduled_action} (schema {@code V8__adapters.sql}).
 * A claim writes its lease end into the row; {@link #done} deletes the row only while that lease
 * is still its own, so an action scheduled anew while it ran is kept. Payloads, which name the
 * parties to call, are kept sealed by the {@link RecordVault}.
 */
@Component(service = {ActionScheduler.class, ScheduledActionStore.class})
public class JdbcScheduledActionStore implements ScheduledActionStore {
    private static final String COLUMNS = "vendor_id, action_key, tenant_id, due_at, payload, attempts, claimed_until";

    private final Transactions tx;
    private final RecordVault vault;

    @Activate
    public JdbcScheduledActionStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
        this.vault = vault;
    }

    @Override
    public void schedule(String vendorId, String key, String tenantId, Instant dueAt, String payload) {
        tx.run("schedule an action", c -> {
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM huibo_scheduled_action WHERE vendor_id = ? AND action_key = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO huibo_scheduled_action (vendor_id,"
                            + " action_key, tenant_id, due_at, payload, attempts, next_attempt_at, claimed_until)"
                            + " VALUES (?, ?, ?, ?, ?, 0, ?, NULL)")) {
                delete.setString(1, vendorId);
                delete.setString(2, key);
                delete.executeUpdate();
                insert.setString(1, vendorId);
                insert.setString(2, key);
                insert.setString(3, tenantId);
                insert.setLong(4, dueAt.toEpochMilli());
                insert.setString(5, vault.seal(payload));
                insert.setLong(6, dueAt.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public boolean cancel(String vendorId, String key) {
        return tx.run("cancel an action", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM huibo_scheduled_action WHERE vendor_id = ? AND action_key = ?")) {
                p.setString(1, vendorId);
                p.setString(2, key);
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<ScheduledAction> find(String vendorId, String key) {
        return tx.run("read an action", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM huibo_scheduled_action WHERE vendor_id = ? AND action_key = ?")) {
                p.setString(1, vendorId);
                p.setString(2, key);
                return actions(p).stream().findFirst();
            }
        });
    }

    @Override
    public List<ScheduledAction> pending(String vendorId) {
        return tx.run("list actions", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM huibo_scheduled_action WHERE vendor_id = ? ORDER BY due_at, action_key")) {
                p.setString(1, vendorId);
                return actions(p);
            }
        });
    }

    @Override
    public List<ScheduledAction> claimDue(List<String> vendors, Instant now, Instant leaseUntil, int max) {
        if (vendors.isEmpty()) {
            return List.of();
        }
        return tx.run("claim due actions", c -> {
            String in = String.join(", ", java.util.Collections.nCopies(vendors.size(), "?"));
            List<ScheduledAction> due;
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM huibo_scheduled_action"
                    + " WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                    + " AND vendor_id IN (" + in + ") ORDER BY next_attempt_at")) {
                p.setMaxRows(max);
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, now.toEpochMilli());
                for (int i = 0; i < vendors.size(); i++) {
                    p.setString(3 + i, vendors.get(i));
                }
                due = actions(p);
            }
            List<ScheduledAction> claimed = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_scheduled_action SET claimed_until = ?"
                    + " WHERE vendor_id = ? AND action_key = ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
                for (ScheduledAction action : due) {
                    p.setLong(1, leaseUntil.toEpochMilli());
                    p.setString(2, action.vendorId());
                    p.setString(3, action.key());
                    p.setLong(4, now.toEpochMilli());
                    if (p.executeUpdate() == 1) { // another runner may have claimed it since the SELECT
                        claimed.add(new ScheduledAction(action.vendorId(), action.key(), action.tenantId(),
                                action.dueAt(), action.payload(), action.attempts(), leaseUntil));
                    }
                }
            }
            return claimed;
        });
    }

    @Override
    public void done(ScheduledAction action) {
        tx.run("finish an action", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_scheduled_action"
                    + " WHERE vendor_id = ? AND action_key = ? AND claimed_until = ?")) {
                p.setString(1, action.vendorId());
                p.setString(2, action.key());
                p.setLong(3, action.claimedUntil().toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void retryLater(ScheduledAction action, Instant next) {
        tx.run("put off an action", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_scheduled_action SET attempts = attempts + 1,"
                    + " next_attempt_at = ?, claimed_until = NULL"
                    + " WHERE vendor_id = ? AND action_key = ? AND claimed_until = ?")) {
                p.setLong(1, next.toEpochMilli());
                p.setString(2, action.vendorId());
                p.setString(3, action.key());
                p.setLong(4, action.claimedUntil().toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int dropVendor(String vendorId) {
        return tx.run("drop a vendor's actions", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_scheduled_action WHERE vendor_id = ?")) {
                p.setString(1, vendorId);
                return p.executeUpdate();
            }
        });
    }

    private List<ScheduledAction> actions(PreparedStatement p) throws SQLException {
        List<ScheduledAction> actions = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long claimed = rs.getLong(7);
                actions.add(new ScheduledAction(rs.getString(1), rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), vault.open(rs.getString(5)), rs.getInt(6),
                        rs.wasNull() ? null : Instant.ofEpochMilli(claimed)));
            }
        }
        return actions;
    }
}

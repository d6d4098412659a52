package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.spi.IdempotencyStore;
import io.huibo.api.vault.RecordVault;

/**
 * Idempotency keys in table {@code huibo_idempotency}, one row per tenant and key: its primary
 * key decides between two requests racing with one key. A claimed key's row has status
 * {@link #IN_PROGRESS} until its answer is kept; answers are sealed by the {@link RecordVault}.
 */
@Component(service = IdempotencyStore.class)
public class JdbcIdempotencyStore implements IdempotencyStore {
    private static final int IN_PROGRESS = 0;

    private final Transactions tx;
    private final RecordVault vault;

    @Activate
    public JdbcIdempotencyStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
        this.vault = vault;
    }

    @Override
    public Claim claim(String tenantId, String apiKeyId, String key, String requestHash, Instant now) {
        return tx.run("claim an idempotency key", c -> {
            try (PreparedStatement expired = c.prepareStatement(
                    "DELETE FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ? AND created_at < ?")) {
                expired.setString(1, tenantId);
                expired.setString(2, key);
                expired.setLong(3, now.minus(KEPT).toEpochMilli());
                expired.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT key_id, request_hash, status, location, body"
                    + " FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ?")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return earlier(rs, apiKeyId, requestHash);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_idempotency (tenant_id, idem_key, key_id,"
                    + " request_hash, status, location, body, created_at) VALUES (?, ?, ?, ?, ?, NULL, '', ?)")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                p.setString(3, apiKeyId);
                p.setString(4, requestHash);
                p.setInt(5, IN_PROGRESS);
                p.setLong(6, now.toEpochMilli());
                // refused when a request racing this one claimed it a moment ago
                return Transactions.insertedFirst(p) ? new Proceed() : new Refused(Why.IN_PROGRESS);
            }
        });
    }

    /** What a key's earlier use means for this request: the owner first, then the request, then its progress. */
    private Claim earlier(ResultSet rs, String apiKeyId, String requestHash) throws SQLException {
        if (!rs.getString(1).equals(apiKeyId)) {
            return new Refused(Why.OTHER_API_KEY);
        }
        if (!rs.getString(2).equals(requestHash)) {
            return new Refused(Why.OTHER_REQUEST);
        }
        if (rs.getInt(3) == IN_PROGRESS) {
            return new Refused(Why.IN_PROGRESS);
        }
        return new Replay(rs.getInt(3), rs.getString(4), vault.open(rs.getString(5)));
    }

    @Override
    public void complete(String tenantId, String apiKeyId, String key, int status, String location, String body) {
        tx.run("keep an idempotent answer", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_idempotency SET status = ?, location = ?,"
                    + " body = ? WHERE tenant_id = ? AND idem_key = ? AND key_id = ?")) {
                p.setInt(1, status);
                p.setString(2, location);
                p.setString(3, vault.seal(body));
                p.setString(4, tenantId);
                p.setString(5, key);
                p.setString(6, apiKeyId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void release(String tenantId, String apiKeyId, String key) {
        tx.run("release an idempotency key", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_idempotency"
                    + " WHERE tenant_id = ? AND idem_key = ? AND key_id = ? AND status = ?")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                p.setString(3, apiKeyId);
                p.setInt(4, IN_PROGRESS);
                return p.executeUpdate();
            }
        });
    }
}

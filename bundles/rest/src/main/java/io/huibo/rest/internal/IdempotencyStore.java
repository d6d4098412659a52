package io.huibo.rest.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.huibo.api.vault.RecordVault;

/**
 * The first answer to each {@code Idempotency-Key} of a tenant, in table {@code huibo_idempotency}
 * for 24 h. A key is claimed before its request runs, so two requests racing with one key cannot
 * both act: the second learns the first is still in progress. A request that failed on the
 * server's side releases its key, so the client may try again. Answers, which may hold numbers
 * whole, are kept sealed by the {@link RecordVault}.
 */
final class IdempotencyStore {
    static final Duration KEPT = Duration.ofHours(24);
    private static final int IN_PROGRESS = 0;

    /** What to do with a request that carries a key. */
    sealed interface Claim {
    }

    /** The key is new: run the request, then {@link #complete} or {@link #release} it. */
    record Proceed() implements Claim {
    }

    /** The key answered this request before: send this again. */
    record Replay(int status, String location, String body) implements Claim {
    }

    /** The key was used for another request, or its first request has not finished yet. */
    record Refused(boolean inProgress) implements Claim {
    }

    private final Jdbc jdbc;
    private final RecordVault vault;

    IdempotencyStore(Jdbc jdbc, RecordVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    Claim claim(String tenantId, String key, String requestHash, Instant now) {
        return jdbc.inTransaction("claim an idempotency key", c -> {
            try (PreparedStatement expired = c.prepareStatement(
                    "DELETE FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ? AND created_at < ?")) {
                expired.setString(1, tenantId);
                expired.setString(2, key);
                expired.setLong(3, now.minus(KEPT).toEpochMilli());
                expired.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT request_hash, status, location, body"
                    + " FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ?")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        if (!rs.getString(1).equals(requestHash) || rs.getInt(2) == IN_PROGRESS) {
                            return new Refused(rs.getInt(2) == IN_PROGRESS && rs.getString(1).equals(requestHash));
                        }
                        return new Replay(rs.getInt(2), rs.getString(3), vault.open(rs.getString(4)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_idempotency (tenant_id, idem_key,"
                    + " request_hash, status, location, body, created_at) VALUES (?, ?, ?, ?, NULL, '', ?)")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                p.setString(3, requestHash);
                p.setInt(4, IN_PROGRESS);
                p.setLong(5, now.toEpochMilli());
                p.executeUpdate();
                return new Proceed();
            } catch (SQLException e) {
                if (Jdbc.isConstraintViolation(e)) {
                    return new Refused(true); // claimed a moment ago by a request racing this one
                }
                throw e;
            }
        });
    }

    /** Keeps the answer the claimed request got, to be replayed. */
    void complete(String tenantId, String key, int status, String location, String body) {
        jdbc.inTransaction("keep an idempotent answer", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_idempotency SET status = ?, location = ?,"
                    + " body = ? WHERE tenant_id = ? AND idem_key = ?")) {
                p.setInt(1, status);
                p.setString(2, location);
                p.setString(3, vault.seal(body));
                p.setString(4, tenantId);
                p.setString(5, key);
                return p.executeUpdate();
            }
        });
    }

    /** Frees the key of a request the server failed, so a retry runs it afresh. */
    void release(String tenantId, String key) {
        jdbc.inTransaction("release an idempotency key", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ? AND status = ?")) {
                p.setString(1, tenantId);
                p.setString(2, key);
                p.setInt(3, IN_PROGRESS);
                return p.executeUpdate();
            }
        });
    }
}

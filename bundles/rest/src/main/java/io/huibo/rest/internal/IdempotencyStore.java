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
 * server's side releases its key, so the client may try again. An answer is replayed only to the
 * API key that got it: it was rendered with that key's rights (whole numbers for {@code reveal}),
 * so another key of the tenant sending the same Idempotency-Key is refused, whatever its body.
 * Answers, which may hold numbers whole, are kept sealed by the {@link RecordVault}.
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

    /** The key may not run or replay this request, for the reason given. */
    record Refused(Why why) implements Claim {
    }

    enum Why {
        /** The first request with the key has not finished yet. */
        IN_PROGRESS,
        /** The key was used for another request. */
        OTHER_REQUEST,
        /** The key was used by another API key. */
        OTHER_API_KEY
    }

    private final Jdbc jdbc;
    private final RecordVault vault;

    IdempotencyStore(Jdbc jdbc, RecordVault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    Claim claim(String tenantId, String apiKeyId, String key, String requestHash, Instant now) {
        return jdbc.inTransaction("claim an idempotency key", c -> {
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
                p.executeUpdate();
                return new Proceed();
            } catch (SQLException e) {
                if (Jdbc.isConstraintViolation(e)) {
                    return new Refused(Why.IN_PROGRESS); // claimed a moment ago by a request racing this one
                }
                throw e;
            }
        });
    }

    /**
     * What a key's earlier use means for this request: the owner is checked first, so another API
     * key learns nothing of the first request, not even whether its body was the same.
     */
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

    /** Keeps the answer the claimed request got, to be replayed to the API key that claimed it. */
    void complete(String tenantId, String apiKeyId, String key, int status, String location, String body) {
        jdbc.inTransaction("keep an idempotent answer", c -> {
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

    /** Frees the key of a request the server failed, so a retry runs it afresh. */
    void release(String tenantId, String apiKeyId, String key) {
        jdbc.inTransaction("release an idempotency key", c -> {
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

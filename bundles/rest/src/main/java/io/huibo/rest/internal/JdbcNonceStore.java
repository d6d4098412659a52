package io.huibo.rest.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nonces in table {@code huibo_nonce}: its primary key refuses a second use, across restarts and
 * across nodes sharing the database. Old rows are purged every {@link #PURGE_EVERY} uses.
 */
final class JdbcNonceStore implements NonceStore {
    private static final int PURGE_EVERY = 1000;

    private final Jdbc jdbc;
    private final AtomicInteger uses = new AtomicInteger();

    JdbcNonceStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean firstUse(String keyId, String nonce, Instant now, Instant forgetBefore) {
        if (uses.incrementAndGet() % PURGE_EVERY == 1) {
            jdbc.inTransaction("forget old nonces", c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_nonce WHERE seen_at < ?")) {
                    p.setLong(1, forgetBefore.toEpochMilli());
                    return p.executeUpdate();
                }
            });
        }
        return jdbc.inTransaction("record a nonce", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO huibo_nonce (key_id, nonce, seen_at) VALUES (?, ?, ?)")) {
                p.setString(1, keyId);
                p.setString(2, nonce);
                p.setLong(3, now.toEpochMilli());
                p.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Jdbc.isConstraintViolation(e)) {
                    return false;
                }
                throw e;
            }
        });
    }
}

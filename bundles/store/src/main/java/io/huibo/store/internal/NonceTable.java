package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A table of nonces seen, keyed by who used them and the nonce: its primary key refuses a second
 * use, across restarts and nodes. Old rows are purged every {@link #PURGE_EVERY} uses. The API's
 * request nonces and the vendors' nonces each have one.
 */
final class NonceTable {
    private static final int PURGE_EVERY = 1000;

    private final Transactions tx;
    private final String purge;
    private final String insert;
    private final String what;
    private final AtomicInteger uses = new AtomicInteger();

    /** {@code table}'s columns are {@code ownerColumn}, {@code nonce} and {@code seen_at}; {@code what} names its nonces in errors. */
    NonceTable(Transactions tx, String table, String ownerColumn, String what) {
        this.tx = tx;
        this.purge = "DELETE FROM " + table + " WHERE seen_at < ?";
        this.insert = "INSERT INTO " + table + " (" + ownerColumn + ", nonce, seen_at) VALUES (?, ?, ?)";
        this.what = what;
    }

    /** Records {@code owner}'s use of {@code nonce}: false if it was used before; forgets those seen before {@code forgetBefore} now and then. */
    boolean firstUse(String owner, String nonce, Instant now, Instant forgetBefore) {
        if (uses.incrementAndGet() % PURGE_EVERY == 1) {
            tx.run("forget old " + what, c -> {
                try (PreparedStatement p = c.prepareStatement(purge)) {
                    p.setLong(1, forgetBefore.toEpochMilli());
                    return p.executeUpdate();
                }
            });
        }
        return tx.run("record one of the " + what, c -> {
            try (PreparedStatement p = c.prepareStatement(insert)) {
                p.setString(1, owner);
                p.setString(2, nonce);
                p.setLong(3, now.toEpochMilli());
                return Transactions.insertedFirst(p);
            }
        });
    }
}

package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.spi.NonceStore;
import io.huibo.api.vault.RecordVault;

/**
 * API request nonces in table {@code huibo_nonce}: its primary key refuses a second use, across
 * restarts and nodes. Old rows are purged every {@link #PURGE_EVERY} uses.
 */
@Component(service = NonceStore.class)
public class JdbcNonceStore implements NonceStore {
    private static final int PURGE_EVERY = 1000;

    private final Transactions tx;
    private final AtomicInteger uses = new AtomicInteger();

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcNonceStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
    }

    @Override
    public boolean firstUse(String keyId, String nonce, Instant now, Instant forgetBefore) {
        if (uses.incrementAndGet() % PURGE_EVERY == 1) {
            tx.run("forget old nonces", c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_nonce WHERE seen_at < ?")) {
                    p.setLong(1, forgetBefore.toEpochMilli());
                    return p.executeUpdate();
                }
            });
        }
        return tx.run("record a nonce", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO huibo_nonce (key_id, nonce, seen_at) VALUES (?, ?, ?)")) {
                p.setString(1, keyId);
                p.setString(2, nonce);
                p.setLong(3, now.toEpochMilli());
                return Transactions.insertedFirst(p);
            }
        });
    }
}

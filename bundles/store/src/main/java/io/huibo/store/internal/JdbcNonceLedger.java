package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.adapter.NonceLedger;
import io.huibo.api.vault.RecordVault;

/**
 * Vendors' nonces in table {@code huibo_adapter_nonce}: its primary key refuses a second use,
 * across restarts and nodes. Old rows are purged every {@link #PURGE_EVERY} uses.
 */
@Component(service = NonceLedger.class)
public class JdbcNonceLedger implements NonceLedger {
    private static final int PURGE_EVERY = 1000;

    private final Transactions tx;
    private final AtomicInteger uses = new AtomicInteger();

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcNonceLedger(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
    }

    @Override
    public boolean firstUse(String vendorId, String nonce, Instant now, Instant forgetBefore) {
        if (uses.incrementAndGet() % PURGE_EVERY == 1) {
            tx.run("forget old vendor nonces", c -> {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_adapter_nonce WHERE seen_at < ?")) {
                    p.setLong(1, forgetBefore.toEpochMilli());
                    return p.executeUpdate();
                }
            });
        }
        return tx.run("record a vendor nonce", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO huibo_adapter_nonce (vendor_id, nonce, seen_at) VALUES (?, ?, ?)")) {
                p.setString(1, vendorId);
                p.setString(2, nonce);
                p.setLong(3, now.toEpochMilli());
                return Transactions.insertedFirst(p);
            }
        });
    }
}

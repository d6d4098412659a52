package io.huibo.store.internal;

import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.adapter.NonceLedger;
import io.huibo.api.vault.RecordVault;

/** Vendors' nonces in table {@code huibo_adapter_nonce}, whose primary key refuses a second use. */
@Component(service = NonceLedger.class)
public class JdbcNonceLedger implements NonceLedger {
    private final NonceTable nonces;

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcNonceLedger(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.nonces = new NonceTable(new Transactions(dataSource), "huibo_adapter_nonce", "vendor_id", "vendor nonces");
    }

    @Override
    public boolean firstUse(String vendorId, String nonce, Instant now, Instant forgetBefore) {
        return nonces.firstUse(vendorId, nonce, now, forgetBefore);
    }
}

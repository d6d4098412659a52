package io.huibo.store.internal;

import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.spi.NonceStore;
import io.huibo.api.vault.RecordVault;

/** API request nonces in table {@code huibo_nonce}, whose primary key refuses a second use. */
@Component(service = NonceStore.class)
public class JdbcNonceStore implements NonceStore {
    private final NonceTable nonces;

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcNonceStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.nonces = new NonceTable(new Transactions(dataSource), "huibo_nonce", "key_id", "API request nonces");
    }

    @Override
    public boolean firstUse(String keyId, String nonce, Instant now, Instant forgetBefore) {
        return nonces.firstUse(keyId, nonce, now, forgetBefore);
    }
}

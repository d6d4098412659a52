package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.vault.RecordVault;

import io.huibo.api.adapter.EventLedger;

/** Vendor events in table {@code huibo_adapter_event}: its primary key tells a duplicate, on any node. */
@Component(service = EventLedger.class)
public class JdbcEventLedger implements EventLedger {
    private final Transactions tx;

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcEventLedger(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
    }

    @Override
    public boolean firstTime(String vendorId, String eventId) {
        return tx.run("record a vendor event", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO huibo_adapter_event (vendor_id, event_id, seen_at) VALUES (?, ?, ?)")) {
                p.setString(1, vendorId);
                p.setString(2, eventId);
                p.setLong(3, System.currentTimeMillis());
                return Transactions.insertedFirst(p);
            }
        });
    }

    @Override
    public void forget(String vendorId, String eventId) {
        tx.run("forget a vendor event", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM huibo_adapter_event WHERE vendor_id = ? AND event_id = ?")) {
                p.setString(1, vendorId);
                p.setString(2, eventId);
                return p.executeUpdate();
            }
        });
    }
}

package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.vault.RecordVault;

import io.huibo.api.ButtonTokenStore;

/** Spent button tokens in {@code huibo_button_token}; its primary key decides which use is the first. */
@Component(service = ButtonTokenStore.class)
public class JdbcButtonTokenStore implements ButtonTokenStore {
    private final DataSource dataSource;

    /** @param vault seals the numbers of older rows should this component migrate the schema first */
    @Activate
    public JdbcButtonTokenStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        this.dataSource = dataSource;
        Migrations.apply(dataSource, vault);
    }

    @Override
    public boolean spend(String tokenId, String tenantId, Instant expiresAt, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            // clicks are rare: forgetting expired tokens on each one keeps the table small without a job
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_button_token WHERE expires_at < ?")) {
                p.setLong(1, now.toEpochMilli());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO huibo_button_token (id, tenant_id, expires_at, spent_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, tokenId);
                p.setString(2, tenantId);
                p.setLong(3, expiresAt.toEpochMilli());
                p.setLong(4, now.toEpochMilli());
                return Transactions.insertedFirst(p);
            }
        } catch (SQLException e) {
            throw new StoreException("could not record button token " + tokenId + " as spent", e);
        }
    }

    @Override
    public void giveBack(String tokenId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM huibo_button_token WHERE id = ?")) {
            p.setString(1, tokenId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not give button token " + tokenId + " back", e);
        }
    }
}

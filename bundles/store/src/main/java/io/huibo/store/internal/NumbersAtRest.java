package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.huibo.api.PhoneNumber;
import io.huibo.api.vault.RecordVault;

/**
 * How the store keeps real numbers: sealed by the {@link RecordVault} to be read back, and as its
 * keyed hash to be looked up and made unique. {@link #convert} brings the rows of an install from
 * before {@code V12__numbers_at_rest.sql} to that form, so an upgrade keeps its records.
 */
final class NumbersAtRest {
    /** The party row of an AXN binding that every caller matches; no hash is ever this. */
    static final String ANY_CALLER = "*";

    private NumbersAtRest() {
    }

    /** {@code number} sealed, or null for none. */
    static String sealed(RecordVault vault, PhoneNumber number) {
        return number == null ? null : vault.seal(number.e164());
    }

    /** {@code number}'s keyed hash, or null for none. */
    static String hash(RecordVault vault, PhoneNumber number) {
        return number == null ? null : vault.hash(number.e164());
    }

    /** The number {@link #sealed} made, or null for none. */
    static PhoneNumber opened(RecordVault vault, String sealed) {
        return sealed == null ? null : PhoneNumber.ofE164(vault.open(sealed));
    }

    /**
     * The V12 conversion: every clear number sealed and hashed, every stored body sealed. Each
     * select ends with its table's key, by which PostgreSQL's driver writes an updated row back.
     */
    static void convert(Connection c, RecordVault vault) throws SQLException {
        sealParties(c, vault, "SELECT from_number, from_sealed, from_hash, to_number, to_sealed, to_hash, id FROM huibo_call");
        sealParties(c, vault, "SELECT a, a_sealed, a_hash, b, b_sealed, b_hash, id FROM huibo_binding");
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                ResultSet rs = s.executeQuery("SELECT party_number, party_hash, x FROM huibo_binding_party")) {
            while (rs.next()) {
                String party = rs.getString(1);
                rs.updateString(2, ANY_CALLER.equals(party) ? ANY_CALLER : vault.hash(party));
                rs.updateRow();
            }
        }
        sealBodies(c, vault, "SELECT body, tenant_id, idem_key FROM huibo_idempotency");
        sealBodies(c, vault, "SELECT body, id FROM huibo_webhook_outbox");
        sealBodies(c, vault, "SELECT payload, vendor_id, action_key FROM huibo_scheduled_action");
    }

    /** Each row's numbers (clear, sealed, hash; a clear null stays null) sealed and hashed. */
    private static void sealParties(Connection c, RecordVault vault, String select) throws SQLException {
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                ResultSet rs = s.executeQuery(select)) {
            while (rs.next()) {
                for (int column = 1; column <= 4; column += 3) {
                    String clear = rs.getString(column);
                    if (clear != null) {
                        rs.updateString(column + 1, vault.seal(clear));
                        rs.updateString(column + 2, vault.hash(clear));
                    }
                }
                rs.updateRow();
            }
        }
    }

    /** Each non-empty text in the first column of {@code select} sealed. */
    private static void sealBodies(Connection c, RecordVault vault, String select) throws SQLException {
        try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
                ResultSet rs = s.executeQuery(select)) {
            while (rs.next()) {
                String body = rs.getString(1);
                if (!body.isEmpty()) {
                    rs.updateString(1, vault.seal(body));
                    rs.updateRow();
                }
            }
        }
    }
}

package io.huibo.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.vault.RecordVault;

/**
 * Brings the schema up to date: applies, in order and once each, the numbered SQL scripts
 * {@code migration/V<n>__<what>.sql}, recording each by its number {@code n} in
 * {@code huibo_schema_version}. Any script not recorded yet runs, so scripts written on two
 * branches at once both apply whichever merged first. A script runs in one transaction with its
 * record, so a failed one leaves nothing half-applied. A script may hold a line
 * {@value #CONVERSION_MARK}: there its {@link Conversion}, Java work on the rows that SQL cannot
 * do (sealing numbers under the {@link RecordVault}), runs between the statements before and after.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String VERSION_TABLE = "huibo_schema_version";

    /** Every script, oldest first. A new script is added at the end; none is ever edited. */
    static final List<String> SCRIPTS = List.of("V1__calls.sql", "V2__bindings.sql", "V3__relayed_calls.sql",
            "V4__call_pair_index.sql", "V5__tenants.sql", "V6__webhook_outbox.sql", "V7__button_tokens.sql",
            "V8__adapters.sql", "V9__party_expiry.sql", "V10__idempotency_key_owner.sql",
            "V12__numbers_at_rest.sql", "V13__adapter_nonces.sql");

    static final String CONVERSION_MARK = "-- @conversion";

    /** Work on the rows of a script's tables, in its transaction. */
    @FunctionalInterface
    interface Conversion {
        void run(Connection c, RecordVault vault) throws SQLException;
    }

    private static final Map<Integer, Conversion> CONVERSIONS = Map.of(12, NumbersAtRest::convert);

    private Migrations() {
    }

    /** Synchronized: the store's components migrate on activation, possibly at the same time. */
    static synchronized void apply(DataSource dataSource, RecordVault vault) throws SQLException {
        apply(dataSource, vault, SCRIPTS);
    }

    /** Applies those of {@code scripts} not applied yet: an older install's schema, for a test. */
    static synchronized void apply(DataSource dataSource, RecordVault vault, List<String> scripts) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            ensureVersionTable(c);
            Set<Integer> applied = appliedVersions(c);
            for (String script : scripts) {
                if (!applied.contains(version(script))) {
                    applyScript(c, version(script), script, vault);
                }
            }
            c.commit();
        }
    }

    private static void ensureVersionTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : List.of(VERSION_TABLE, VERSION_TABLE.toUpperCase())) {
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE " + VERSION_TABLE
                    + " (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        c.commit();
    }

    private static Set<Integer> appliedVersions(Connection c) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + VERSION_TABLE)) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    /** The {@code n} of {@code V<n>__<what>.sql}. */
    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static void applyScript(Connection c, int version, String script, RecordVault vault) throws SQLException {
        try (Statement s = c.createStatement()) {
            String[] parts = read(script).split(CONVERSION_MARK, 2);
            for (String sql : statements(parts[0])) {
                s.executeUpdate(sql);
            }
            if (parts.length == 2) {
                CONVERSIONS.get(version).run(c, vault);
                for (String sql : statements(parts[1])) {
                    s.executeUpdate(sql);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO " + VERSION_TABLE + " (version, script, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, script);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
            c.commit();
            LOG.info("Applied schema migration {}", script);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** The script's statements: comments dropped, split at semicolons. */
    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        return Arrays.stream(sql.toString().split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the bundle: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

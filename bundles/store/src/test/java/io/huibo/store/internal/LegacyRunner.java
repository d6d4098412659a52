package io.huibo.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import io.huibo.api.vault.RecordVault;

/**
 * The store's migration runner before Liquibase, as installs made by it hold their schema: each
 * script run in order, statements split at semicolons with comment lines dropped, V12's conversion
 * at its mark, and the script's number recorded in {@code huibo_schema_version}.
 */
final class LegacyRunner {
    /** Every script the old runner knew, oldest first. */
    static final List<String> SCRIPTS = List.of("V1__calls.sql", "V2__bindings.sql", "V3__relayed_calls.sql",
            "V4__call_pair_index.sql", "V5__tenants.sql", "V6__webhook_outbox.sql", "V7__button_tokens.sql",
            "V8__adapters.sql", "V9__party_expiry.sql", "V10__idempotency_key_owner.sql",
            "V12__numbers_at_rest.sql", "V13__adapter_nonces.sql");

    private LegacyRunner() {
    }

    /** The schema an old install had after the scripts before {@code script}. */
    static void applyBefore(DataSource dataSource, RecordVault vault, String script) throws SQLException, IOException {
        apply(dataSource, vault, SCRIPTS.subList(0, SCRIPTS.indexOf(script)));
    }

    static void apply(DataSource dataSource, RecordVault vault, List<String> scripts) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("CREATE TABLE huibo_schema_version"
                    + " (version INTEGER NOT NULL PRIMARY KEY, script VARCHAR(200) NOT NULL, applied_at BIGINT NOT NULL)");
            for (String script : scripts) {
                String[] parts = read(script).split(NumbersAtRestChange.CONVERSION_MARK, 2);
                run(s, parts[0]);
                if (parts.length == 2) {
                    NumbersAtRest.convert(c, vault);
                    run(s, parts[1]);
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO huibo_schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    p.setInt(1, Integer.parseInt(script.substring(1, script.indexOf("__"))));
                    p.setString(2, script);
                    p.setLong(3, System.currentTimeMillis());
                    p.executeUpdate();
                }
                c.commit();
            }
        }
    }

    private static void run(Statement s, String script) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        for (String statement : Arrays.stream(sql.toString().split(";")).map(String::strip).filter(t -> !t.isEmpty()).toList()) {
            s.executeUpdate(statement);
        }
    }

    private static String read(String script) throws IOException {
        try (InputStream in = LegacyRunner.class.getResourceAsStream("migration/" + script)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

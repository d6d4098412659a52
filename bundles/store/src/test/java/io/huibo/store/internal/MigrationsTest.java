package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.Tenant;

/** The schema's migrations by Liquibase, against a real Derby on disk. */
class MigrationsTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(SecretBox.randomBytes(32));
    /** Each script's changeset, oldest first: the changelog must keep this order. */
    private static final List<String> CHANGESETS = LegacyRunner.SCRIPTS.stream().map(s -> s.replace(".sql", "")).toList();

    private final EmbeddedDataSource dataSource = derby();

    /** Derby, whose embedded driver lets a second DataSource of this JVM open the same database as another node would. */
    private static EmbeddedDataSource derby() {
        EmbeddedDataSource derby = new EmbeddedDataSource();
        derby.setDatabaseName(Path.of("target", "derby-" + UUID.randomUUID()).toString());
        derby.setCreateDatabase("create");
        return derby;
    }

    @Test
    void aFreshDatabaseGetsEveryChangesetOnceInOrder() throws Exception {
        Migrations.apply(dataSource, VAULT);
        Migrations.apply(dataSource, VAULT);

        assertEquals(CHANGESETS.stream().map(id -> id + " EXECUTED").toList(), changelog());
        assertFalse(tableExists("HUIBO_SCHEMA_VERSION"), "the old runner's table is for old installs only");
        assertTrue(new JdbcCallStore(dataSource, VAULT).find("c_none").isEmpty(), "the store works on it");
    }

    @Test
    void anOldInstallIsUpgradedInPlaceRunningOnlyWhatItLacked() throws Exception {
        LegacyRunner.applyBefore(dataSource, VAULT, "V9__party_expiry.sql");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO huibo_call (id, kind, state, from_number, to_number, display_number, created_at)"
                    + " VALUES ('c_old', 'callback', 'ended', '+8613800138000', '+8613900139000', '+8657188880000', 0)");
        }

        new JdbcCallStore(dataSource, VAULT); // migrates on activation, as in Karaf

        List<String> expected = new ArrayList<>();
        for (String id : CHANGESETS) {
            expected.add(id + (CHANGESETS.indexOf(id) < CHANGESETS.indexOf("V9__party_expiry") ? " MARK_RAN" : " EXECUTED"));
        }
        assertEquals(expected, changelog());
        assertEquals(8, count("SELECT COUNT(*) FROM huibo_schema_version"), "the old record is kept as it was");
        Call kept = new JdbcCallStore(dataSource, VAULT).find("c_old").orElseThrow();
        assertEquals("+8613900139000", kept.to().e164(), "the old row, sealed by V12 on the way, reads back");
    }

    @Test
    void anInstallOfTheLastOldBuildRunsNothing() throws Exception {
        LegacyRunner.apply(dataSource, VAULT, LegacyRunner.SCRIPTS);
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);
        calls.save(new Call("c_1", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.QUEUED, JdbcBindingStoreTest.A,
                JdbcBindingStoreTest.B, JdbcBindingStoreTest.X1, null, null, List.of(), Instant.EPOCH, null, null, null, null));

        Migrations.apply(dataSource, VAULT);

        assertEquals(CHANGESETS.stream().map(id -> id + " MARK_RAN").toList(), changelog());
        assertEquals(JdbcBindingStoreTest.B, calls.find("c_1").orElseThrow().to());
    }

    @Test
    void twoNodesMigratingOneDatabaseAtOnceApplyEachChangesetOnce() throws Exception {
        EmbeddedDataSource other = new EmbeddedDataSource(); // the second node's own pool onto the same database
        other.setDatabaseName(dataSource.getDatabaseName());
        other.setCreateDatabase("create");
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Void>> nodes = new ArrayList<>();
        for (EmbeddedDataSource node : List.of(dataSource, other)) {
            nodes.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                    Migrations.migrate(node, VAULT); // not apply(): no in-JVM turn-taking, Liquibase's lock alone
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Void> node : nodes) {
            node.get(120, TimeUnit.SECONDS); // throws if a node failed, e.g. on a table made twice
        }

        assertEquals(CHANGESETS.stream().map(id -> id + " EXECUTED").toList(), changelog());
        assertEquals(0, count("SELECT COUNT(*) FROM databasechangeloglock WHERE locked = TRUE"), "the lock is released");
    }

    /** "ID EXECTYPE" of each row of Liquibase's record, in the order they ran. */
    private List<String> changelog() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, exectype FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    private int count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private boolean tableExists(String name) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                return rs.next();
            }
        }
    }
}

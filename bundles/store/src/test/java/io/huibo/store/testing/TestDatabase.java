package io.huibo.store.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty database for a test that builds a real store: Derby on disk under
 * {@code target/}, or, in the build's postgresql run (system property {@value #DATABASE} =
 * {@code postgresql}), a database of its own, {@code huibo_test_<random>}, on the PostgreSQL server
 * whose JDBC URL is in {@value #SERVER}, dropped after the test class. Test classes that use it
 * are marked {@link DatabaseTest}, so that they take part in that run. PostgreSQL's connections
 * are pooled as the shipped datasource cfg pools them (dbcp2, 16): a new one costs a server
 * process, tens of milliseconds, which would swamp what the tests measure.
 */
public final class TestDatabase {
    static final String DATABASE = "huibo.test.database";
    static final String SERVER = "huibo.test.postgres";

    private static final int POOLED = 16;

    /** A PostgreSQL database made, and the pool in front of it. */
    private record Created(String name, BasicDataSource pool) {
    }

    private static final List<Created> CREATED = new ArrayList<>();

    private TestDatabase() {
    }

    /** A new empty database of the run's kind. */
    public static DataSource create() {
        return onPostgresql() ? postgresql() : derby();
    }

    /** Whether this is the postgresql run, where SQL may differ from Derby's. */
    public static boolean onPostgresql() {
        return "postgresql".equals(System.getProperty(DATABASE));
    }

    /** The server's JDBC URL, blank when none was given. */
    static String server() {
        return System.getProperty(SERVER, "").strip();
    }

    private static DataSource derby() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(Path.of("target", "derby-" + UUID.randomUUID()).toString());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    private static DataSource postgresql() {
        String name = "huibo_test_" + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE DATABASE " + name);
        BasicDataSource pool = new BasicDataSource();
        // the server's URL naming the new database instead: its user and other parameters stay
        pool.setUrl(server().replaceFirst("^(jdbc:postgresql://[^/?]+/)[^?]*", "$1" + name));
        pool.setMaxTotal(POOLED);
        pool.setMaxIdle(POOLED);
        synchronized (CREATED) {
            CREATED.add(new Created(name, pool));
        }
        return pool;
    }

    /** Drops the PostgreSQL databases made so far, closing what still connects to them. */
    static void dropAll() {
        List<Created> created;
        synchronized (CREATED) {
            created = List.copyOf(CREATED);
            CREATED.clear();
        }
        for (Created database : created) {
            try {
                database.pool().close();
            } catch (SQLException e) {
                throw new IllegalStateException("could not close the pool of " + database.name(), e);
            }
            execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
    }

    private static void execute(String sql) {
        if (server().isEmpty()) {
            throw new IllegalStateException("the postgresql run needs -D" + SERVER + "=jdbc:postgresql://…");
        }
        PGSimpleDataSource admin = new PGSimpleDataSource();
        admin.setUrl(server());
        admin.setConnectTimeout(10);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + server() + " refused " + sql, e);
        }
    }
}

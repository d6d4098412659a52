package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;

import javax.sql.DataSource;

/**
 * Work done in one transaction on one connection of the store's DataSource: all or nothing, and
 * run again when the database rolled it back (a deadlock between two writers on an index page,
 * a lock timeout), up to {@link #ATTEMPTS} times.
 */
final class Transactions {
    private static final int ATTEMPTS = 5;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T run(String what, Work<T> work) {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (!isRolledBack(e) || attempt == ATTEMPTS) {
                    throw new StoreException("could not " + what, e);
                }
            }
        }
    }

    /**
     * A read that waits for no writer: it may see changes not committed yet, so it suits only
     * hints that a later transaction checks under its own locks.
     */
    <T> T readUncommitted(String what, Work<T> work) {
        return run(what, c -> {
            int isolation = c.getTransactionIsolation();
            c.setTransactionIsolation(Connection.TRANSACTION_READ_UNCOMMITTED);
            try {
                return work.run(c);
            } finally {
                c.commit(); // the isolation may change only between transactions
                c.setTransactionIsolation(isolation);
            }
        });
    }

    /** SQLState class 40: the database rolled the transaction back. */
    private static boolean isRolledBack(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("40");
    }

    /**
     * Runs an insert that a unique key may refuse: false when it did, as the row was there first.
     * In a transaction it runs under a savepoint, as PostgreSQL refuses every later statement of a
     * transaction in which one failed, until it is rolled back to before that one.
     */
    static boolean insertedFirst(PreparedStatement insert) throws SQLException {
        Connection c = insert.getConnection();
        Savepoint before = c.getAutoCommit() ? null : c.setSavepoint();
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (isConstraintViolation(e)) {
                if (before != null) {
                    c.rollback(before);
                }
                return false;
            }
            throw e;
        }
        if (before != null) {
            c.releaseSavepoint(before);
        }
        return true;
    }

    /** SQLState class 23: a constraint of the schema refused the change. */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}

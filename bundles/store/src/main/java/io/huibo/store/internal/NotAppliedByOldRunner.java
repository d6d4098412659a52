package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomPreconditionErrorException;
import liquibase.exception.CustomPreconditionFailedException;
import liquibase.precondition.CustomPrecondition;

/**
 * Holds unless the store's runner before Liquibase applied the script numbered {@link #setVersion}:
 * an install it made lists each applied number in {@value #TABLE}, and such a changeset is marked
 * ran instead of run again. A database without that table (a fresh one) never had that runner.
 */
public class NotAppliedByOldRunner implements CustomPrecondition {
    static final String TABLE = "huibo_schema_version";

    private int version;

    /** The script's number, set by Liquibase from the changelog's param. */
    public void setVersion(String version) {
        this.version = Integer.parseInt(version);
    }

    public String getVersion() {
        return Integer.toString(version);
    }

    @Override
    public void check(Database database) throws CustomPreconditionFailedException, CustomPreconditionErrorException {
        Connection c = ((JdbcConnection) database.getConnection()).getUnderlyingConnection();
        try {
            if (hasTable(c) && recorded(c)) {
                throw new CustomPreconditionFailedException("version " + version + " is in " + TABLE);
            }
        } catch (SQLException e) {
            throw new CustomPreconditionErrorException("could not read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    /** By its name as the database keeps it: upper case in Derby, lower in PostgreSQL. */
    private static boolean hasTable(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : List.of(TABLE, TABLE.toUpperCase())) {
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean recorded(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE version = ?")) {
            p.setInt(1, version);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }
}

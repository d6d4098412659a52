package io.huibo.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import io.huibo.api.vault.RecordVault;
import liquibase.Scope;
import liquibase.change.core.RawSQLChange;
import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.DatabaseException;
import liquibase.exception.ValidationErrors;
import liquibase.executor.Executor;
import liquibase.executor.ExecutorService;
import liquibase.resource.ResourceAccessor;

/**
 * V12's changeset: the script's statements before its line {@value #CONVERSION_MARK}, then
 * {@link NumbersAtRest#convert} on the rows (Java work SQL cannot do: sealing numbers under the
 * {@link RecordVault} that {@link Migrations} puts in the scope), then the statements after; all
 * on the changeset's connection, so in its one transaction.
 */
public class NumbersAtRestChange implements CustomTaskChange {
    /** The scope value holding the {@link RecordVault}. */
    static final String VAULT = "huibo.recordVault";
    static final String CONVERSION_MARK = "-- @conversion";

    private String script;
    private ResourceAccessor resources;

    /** The script, beside the changelog; set by Liquibase from the changelog's attribute. */
    public void setScript(String script) {
        this.script = script;
    }

    public String getScript() {
        return script;
    }

    @Override
    public void execute(Database database) throws CustomChangeException {
        RecordVault vault = Scope.getCurrentScope().get(VAULT, RecordVault.class);
        Executor executor = Scope.getCurrentScope().getSingleton(ExecutorService.class).getExecutor("jdbc", database);
        try {
            String[] parts = read().split(CONVERSION_MARK, 2);
            if (parts.length != 2 || vault == null) {
                throw new CustomChangeException(script + " needs its " + CONVERSION_MARK + " line and the scope's vault");
            }
            executor.execute(statements(parts[0]));
            NumbersAtRest.convert(((JdbcConnection) database.getConnection()).getUnderlyingConnection(), vault);
            executor.execute(statements(parts[1]));
        } catch (IOException | SQLException | DatabaseException e) {
            throw new CustomChangeException(script + ": " + e.getMessage(), e);
        }
    }

    private static RawSQLChange statements(String sql) {
        RawSQLChange change = new RawSQLChange(sql);
        change.setSplitStatements(true);
        change.setStripComments(true);
        return change;
    }

    private String read() throws IOException {
        String changelogFolder = Migrations.CHANGELOG.substring(0, Migrations.CHANGELOG.lastIndexOf('/') + 1);
        try (InputStream in = resources.getExisting(changelogFolder + script).openInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String getConfirmationMessage() {
        return script + " applied, its numbers sealed";
    }

    @Override
    public void setUp() {
        // nothing to prepare: the script is read when the changeset runs
    }

    @Override
    public void setFileOpener(ResourceAccessor resources) {
        this.resources = resources;
    }

    @Override
    public ValidationErrors validate(Database database) {
        return new ValidationErrors();
    }
}

package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.vault.RecordVault;
import liquibase.GlobalConfiguration;
import liquibase.Scope;
import liquibase.ThreadLocalScopeManager;
import liquibase.UpdateSummaryEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.ChangeExecListenerCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.ui.LoggerUIService;
import liquibase.ui.UIServiceEnum;

/**
 * Brings the schema up to date with Liquibase: {@value #CHANGELOG} applies the scripts
 * {@code migration/V<n>__<what>.sql} in order, once each, recorded in {@code DATABASECHANGELOG}.
 * Liquibase's lock table makes nodes that start at once against one database migrate once: the
 * others wait for it, then find every changeset ran. Liquibase runs embedded in this bundle, told
 * to find its classes and the changelog here, to log through slf4j, and never to phone home.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String CHANGELOG = "io/huibo/store/internal/migration/changelog.xml";

    /**
     * One scope per thread under a shared root: Liquibase's default keeps one per thread group,
     * so two threads migrating at once would enter and leave each other's scopes.
     */
    private static final ThreadLocalScopeManager SCOPES = sharedScopes();

    private Migrations() {
    }

    /**
     * Synchronized: the store's components migrate on activation, possibly at the same time; in one
     * JVM they take turns here rather than poll Liquibase's lock.
     */
    static synchronized void apply(DataSource dataSource, RecordVault vault) throws SQLException {
        migrate(dataSource, vault);
    }

    /** Migrates as one node does, against Liquibase's lock alone. */
    static void migrate(DataSource dataSource, RecordVault vault) throws SQLException {
        inBundle(() -> {
            Scope.setScopeManager(SCOPES);
            try (Connection c = dataSource.getConnection()) {
                Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
                try {
                    Scope.child(scope(vault), () -> {
                        // the update checks its own tables before it takes the lock: on a fresh database two
                        // nodes would both make DATABASECHANGELOG; with the lock first, the second finds it
                        LockService lock = LockServiceFactory.getInstance().getLockService(database);
                        lock.waitForLock();
                        try {
                            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                                    .addArgumentValue(ChangeExecListenerCommandStep.CHANGE_EXEC_LISTENER_ARG, new Applied())
                                    .execute();
                        } finally {
                            lock.releaseLock();
                        }
                    });
                    c.commit(); // Liquibase commits each changeset; this ends its last reads, or Derby refuses the close
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                }
            }
            return null;
        });
    }

    private static Map<String, Object> scope(RecordVault vault) {
        ClassLoader bundle = Migrations.class.getClassLoader();
        return Map.of(Scope.Attr.classLoader.name(), bundle,
                Scope.Attr.resourceAccessor.name(), new BundleResourceAccessor(bundle),
                Scope.Attr.logService.name(), new Slf4jLogService(),
                Scope.Attr.ui.name(), new LoggerUIService(),
                GlobalConfiguration.UI_SERVICE.getKey(), UIServiceEnum.LOGGER,
                AnalyticsArgs.ENABLED.getKey(), false,
                GlobalConfiguration.SHOW_BANNER.getKey(), false,
                // a node that finds another migrating looks again after a second, not Liquibase's ten
                GlobalConfiguration.CHANGELOGLOCK_POLL_RATE.getKey(), 1L,
                NumbersAtRestChange.VAULT, vault);
    }

    /** Logs each changeset that ran, or was marked ran because the old runner had applied it. */
    private static final class Applied extends AbstractChangeExecListener {
        @Override
        public void ran(ChangeSet changeSet, DatabaseChangeLog changeLog, Database database, ChangeSet.ExecType execType) {
            LOG.info("Schema migration {}: {}", changeSet.getId(), execType);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code work} with this bundle as the thread's context class loader, where Liquibase
     * looks for its services and our changelog: in Karaf the caller's is anyone's.
     */
    private static <T> T inBundle(Work<T> work) throws SQLException {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(Migrations.class.getClassLoader());
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("schema migration failed: " + e.getMessage(), e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static ThreadLocalScopeManager sharedScopes() {
        try {
            return inBundle(() -> new ThreadLocalScopeManager(Scope.getCurrentScope()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

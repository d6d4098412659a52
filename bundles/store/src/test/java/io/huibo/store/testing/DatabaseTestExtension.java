package io.huibo.store.testing;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a {@link DatabaseTest} class in the postgresql run when no server was given, saying so
 * (a developer without PostgreSQL); a server given but unreachable fails the tests instead. Drops
 * the class's PostgreSQL databases after it.
 */
final class DatabaseTestExtension implements ExecutionCondition, AfterAllCallback {
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!TestDatabase.onPostgresql() || !TestDatabase.server().isEmpty()) {
            return ConditionEvaluationResult.enabled("a database is at hand");
        }
        String reason = "PostgreSQL run skipped: no server given; pass -D" + TestDatabase.SERVER
                + "=jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres (.ci/postgres start DIR prints it)";
        if (TOLD.compareAndSet(false, true)) {
            System.err.println("[WARNING] " + reason);
        }
        return ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        TestDatabase.dropAll();
    }
}

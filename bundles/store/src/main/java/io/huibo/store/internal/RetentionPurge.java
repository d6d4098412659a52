package io.huibo.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.vault.RecordVault;

/**
 * Deletes records once their retention ({@link RetentionConfig}) has passed, every
 * {@code every}, in batches of {@code batchSize} rows per transaction. Only what is over goes: a
 * call that has ended, a binding deleted or expired, a webhook event delivered or given up; a
 * call in progress, an active binding, an event still to send are never selected.
 */
@Component(configurationPid = "io.huibo.retention", immediate = true)
@Designate(ocd = RetentionConfig.class)
public class RetentionPurge {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

    /**
     * What one kind of record is kept for: {@code select} picks the keys of rows older than its
     * {@code cutoffs} parameters (each the cutoff); each of {@code deletes} takes those keys.
     */
    private record Rule(String what, Duration keep, String select, int cutoffs, List<String> deletes) {
    }

    private final Transactions tx;
    private final Clock clock;
    private final List<Rule> rules;
    private final int batchSize;
    private final ScheduledExecutorService scheduler;

    @Activate
    public RetentionPurge(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault, RetentionConfig config) throws SQLException {
        this(dataSource, vault, config, Clock.systemUTC());
        Duration every = duration("every", config.every());
        if (every.isZero()) {
            throw new IllegalArgumentException("io.huibo.retention: every must be longer than zero");
        }
        scheduler.scheduleWithFixedDelay(this::run, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    RetentionPurge(DataSource dataSource, RecordVault vault, RetentionConfig config, Clock clock) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
        this.clock = clock;
        if (config.batchSize() < 1) {
            throw new IllegalArgumentException("io.huibo.retention: batchSize must be at least 1");
        }
        this.batchSize = config.batchSize();
        this.rules = List.of(
                new Rule("calls", duration("calls", config.calls()),
                        "SELECT id FROM huibo_call WHERE state = 'ended' AND COALESCE(ended_at, created_at) < ?", 1,
                        List.of("DELETE FROM huibo_call_leg WHERE call_id = ?", "DELETE FROM huibo_call WHERE id = ?")),
                new Rule("bindings", duration("bindings", config.bindings()),
                        "SELECT id FROM huibo_binding WHERE deleted_at < ? OR (deleted_at IS NULL AND expires_at < ?)", 2,
                        // an expired binding may still have the party rows its X drops lazily
                        List.of("DELETE FROM huibo_binding_party WHERE binding_id = ?", "DELETE FROM huibo_binding WHERE id = ?")),
                new Rule("webhook events", duration("webhookEvents", config.webhookEvents()),
                        "SELECT id FROM huibo_webhook_outbox WHERE delivered_at < ? OR failed_at < ?", 2,
                        List.of("DELETE FROM huibo_webhook_outbox WHERE id = ?")),
                new Rule("adapter events", duration("adapterEvents", config.adapterEvents()),
                        "SELECT vendor_id, event_id FROM huibo_adapter_event WHERE seen_at < ?", 1,
                        List.of("DELETE FROM huibo_adapter_event WHERE vendor_id = ? AND event_id = ?")),
                new Rule("idempotency keys", duration("idempotencyKeys", config.idempotencyKeys()),
                        "SELECT tenant_id, idem_key, created_at FROM huibo_idempotency WHERE created_at < ?", 1,
                        List.of("DELETE FROM huibo_idempotency WHERE tenant_id = ? AND idem_key = ? AND created_at = ?")));
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "huibo-retention"));
    }

    private void run() {
        try {
            Map<String, Integer> purged = purge();
            purged.values().removeIf(n -> n == 0);
            if (!purged.isEmpty()) {
                LOG.info("Retention purged {}", purged);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not purge old records; trying again at the next run", e);
        }
    }

    /** One purge, now. @return how many records of each kind went */
    Map<String, Integer> purge() {
        Instant now = clock.instant();
        Map<String, Integer> purged = new LinkedHashMap<>();
        for (Rule rule : rules) {
            long cutoff = now.minus(rule.keep()).toEpochMilli();
            int total = 0;
            int batch;
            do {
                batch = tx.run("purge old " + rule.what(), c -> {
                    List<Object[]> keys = new ArrayList<>();
                    try (PreparedStatement p = c.prepareStatement(rule.select())) {
                        p.setMaxRows(batchSize);
                        for (int i = 1; i <= rule.cutoffs(); i++) {
                            p.setLong(i, cutoff);
                        }
                        try (ResultSet rs = p.executeQuery()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                Object[] key = new Object[columns];
                                for (int i = 0; i < columns; i++) {
                                    key[i] = rs.getObject(i + 1);
                                }
                                keys.add(key);
                            }
                        }
                    }
                    for (String delete : rule.deletes()) {
                        try (PreparedStatement p = c.prepareStatement(delete)) {
                            for (Object[] key : keys) {
                                for (int i = 0; i < key.length; i++) {
                                    p.setObject(i + 1, key[i]);
                                }
                                p.addBatch();
                            }
                            p.executeBatch();
                        }
                    }
                    return keys.size();
                });
                total += batch;
            } while (batch == batchSize);
            purged.put(rule.what(), total);
        }
        return purged;
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    private static Duration duration(String name, String value) {
        try {
            Duration duration = Duration.parse(value.trim());
            if (duration.isNegative()) {
                throw new IllegalArgumentException("io.huibo.retention: " + name + " must not be negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("io.huibo.retention: " + name + " must be an ISO-8601 duration such as P90D, not "
                    + value, e);
        }
    }
}

package io.huibo.adapters.clinic.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;

/** Actions and ledger entries in maps: what the store keeps in tables. */
final class MemoryScheduler implements ActionScheduler, EventLedger {
    private final Map<String, ScheduledAction> actions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();

    @Override
    public void schedule(String vendorId, String key, String tenantId, Instant dueAt, String payload) {
        actions.put(vendorId + " " + key, new ScheduledAction(vendorId, key, tenantId, dueAt, payload, 0, null));
    }

    @Override
    public boolean cancel(String vendorId, String key) {
        return actions.remove(vendorId + " " + key) != null;
    }

    @Override
    public Optional<ScheduledAction> find(String vendorId, String key) {
        return Optional.ofNullable(actions.get(vendorId + " " + key));
    }

    @Override
    public List<ScheduledAction> pending(String vendorId) {
        return actions.values().stream().filter(a -> a.vendorId().equals(vendorId))
                .sorted(Comparator.comparing(ScheduledAction::dueAt)).toList();
    }

    @Override
    public boolean firstTime(String vendorId, String eventId) {
        return seen.putIfAbsent(vendorId + " " + eventId, true) == null;
    }

    @Override
    public void forget(String vendorId, String eventId) {
        seen.remove(vendorId + " " + eventId);
    }
}

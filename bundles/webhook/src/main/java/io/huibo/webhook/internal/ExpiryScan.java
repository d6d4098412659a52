package io.huibo.webhook.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.huibo.api.Binding;

/**
 * Finds bindings that expired and queues their {@code binding.expired}, once each: a binding
 * expires in the database at the second with no event, so someone has to look. The mark
 * {@code huibo_binding.expiry_queued_at} (store migration V6) is set in the transaction that
 * queues the event. A binding deleted before its expiry is skipped: it had its
 * {@code binding.deleted}. Expiries older than the retry window are not announced any more.
 */
final class ExpiryScan {
    private final Outbox outbox;
    private final EventRecorder recorder;
    private final Function<String, Optional<Binding>> bindings;
    private final Clock clock;

    ExpiryScan(Outbox outbox, EventRecorder recorder, Function<String, Optional<Binding>> bindings, Clock clock) {
        this.outbox = outbox;
        this.recorder = recorder;
        this.bindings = bindings;
        this.clock = clock;
    }

    /** @return how many expiries it marked */
    int run() throws SQLException {
        Instant now = clock.instant();
        int marked = 0;
        for (String id : expiredUnmarked(now)) {
            // read first, outside the transaction: the mark below locks the row the store reads
            Optional<Binding> binding = bindings.apply(id);
            if (binding.isPresent() && recorder.binding(binding.get(),
                    Happening.of(Happening.BINDING_EXPIRED, binding.get().expiresAt()), c -> mark(c, id, now))) {
                marked++;
            }
        }
        return marked;
    }

    private List<String> expiredUnmarked(Instant now) throws SQLException {
        return outbox.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id FROM huibo_binding WHERE expires_at <= ? AND expires_at > ?"
                    + " AND deleted_at IS NULL AND expiry_queued_at IS NULL ORDER BY expires_at")) {
                p.setLong(1, now.toEpochMilli());
                p.setLong(2, now.minus(Backoff.GIVE_UP_AFTER).toEpochMilli());
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    /** False when a delete or an extension got there first. */
    private static boolean mark(Connection c, String id, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE huibo_binding SET expiry_queued_at = ?"
                + " WHERE id = ? AND expires_at <= ? AND deleted_at IS NULL AND expiry_queued_at IS NULL")) {
            p.setLong(1, now.toEpochMilli());
            p.setString(2, id);
            p.setLong(3, now.toEpochMilli());
            return p.executeUpdate() == 1;
        }
    }
}

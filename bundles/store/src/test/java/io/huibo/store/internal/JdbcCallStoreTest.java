package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcCallStoreTest {
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880000");

    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() {
        dataSource = TestDatabase.create();
    }

    @Test
    void aCallIsStoredAsItProgressesAndReadBackWhole() throws Exception {
        JdbcCallStore store = new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Leg fromRinging = new Leg(Party.FROM, LegState.RINGING, t0, t0.plusMillis(50), null, null, null);
        store.save(new Call("c_1", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.CALLING_FROM, A, B, X, "booking-42", null, List.of(fromRinging),
                t0, null, null, null, null));

        Leg fromDone = new Leg(Party.FROM, LegState.ENDED, t0, t0.plusMillis(50), t0.plusMillis(90), t0.plusSeconds(5), 200);
        Leg toDone = new Leg(Party.TO, LegState.ENDED, t0.plusMillis(100), null, t0.plusMillis(300), t0.plusSeconds(5), 200);
        Call ended = new Call("c_1", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.ENDED, A, B, X, "booking-42", null, List.of(fromDone, toDone),
                t0, t0.plusMillis(300), t0.plusSeconds(5), Outcome.COMPLETED, HangupBy.TO);
        store.save(ended);

        assertEquals(ended, store.find("c_1").orElseThrow());
        assertEquals(4L, store.find("c_1").orElseThrow().durationSeconds());
    }

    @Test
    void callsACrashLeftOpenAreClosedAsFailed() throws Exception {
        JdbcCallStore store = new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Leg fromAnswered = new Leg(Party.FROM, LegState.ANSWERED, t0, t0, t0, null, 200);
        Leg toRinging = new Leg(Party.TO, LegState.RINGING, t0, t0, null, null, null);
        store.save(new Call("c_open", Tenant.DEFAULT, CallKind.RELAY, "b_1", CallState.CALLING_TO, A, B, X, null, null, List.of(fromAnswered, toRinging),
                t0, null, null, null, null));
        Call done = new Call("c_done", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(), t0, null, t0, Outcome.FROM_BUSY,
                HangupBy.FROM);
        store.save(done);

        Instant restart = t0.plusSeconds(60);
        assertEquals(List.of("c_open"), store.closeUnfinished(restart).stream().map(Call::id).toList());

        Call closed = store.find("c_open").orElseThrow();
        assertEquals(CallState.ENDED, closed.state());
        assertEquals(Outcome.FAILED, closed.outcome());
        assertEquals(HangupBy.SYSTEM, closed.hangupBy());
        assertEquals(restart, closed.endedAt());
        assertEquals(LegState.ENDED, closed.leg(Party.FROM).state());
        assertEquals(LegState.FAILED, closed.leg(Party.TO).state());
        assertEquals(restart, closed.leg(Party.TO).endedAt());
        assertEquals(done, store.find("c_done").orElseThrow(), "an ended call is left as it was");
        assertTrue(store.closeUnfinished(restart).isEmpty());
    }

    @Test
    void aPairsCallsAreCountedSinceAGivenTimeLeavingOutBlockedAttempts() throws Exception {
        JdbcCallStore store = new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        store.save(new Call("c_old", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                t0.minusSeconds(3600), null, t0, Outcome.COMPLETED, HangupBy.TO));
        store.save(new Call("c_new", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                t0, null, t0, Outcome.TO_BUSY, HangupBy.SYSTEM));
        store.save(new Call("c_blocked", Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                t0, null, t0, Outcome.BLOCKED, HangupBy.SYSTEM));
        store.save(new Call("c_other", Tenant.DEFAULT, CallKind.RELAY, "b_1", CallState.CALLING_TO, B, A, X, null, null, List.of(),
                t0, null, null, null, null));
        assertEquals(1, store.countSince(Tenant.DEFAULT, A, B, t0.minusSeconds(60)));
        assertEquals(2, store.countSince(Tenant.DEFAULT, A, B, t0.minusSeconds(7200)));
        assertEquals(1, store.countSince(Tenant.DEFAULT, B, A, t0.minusSeconds(60)));
        store.save(new Call("c_elsewhere", "acme", CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                t0, null, t0, Outcome.COMPLETED, HangupBy.TO));
        assertEquals(1, store.countSince(Tenant.DEFAULT, A, B, t0.minusSeconds(60)), "another tenant's calls do not count");
        assertEquals(1, store.countSince("acme", A, B, t0.minusSeconds(60)));
    }

    @Test
    void aTenantsCallsArePagedNewestFirstWithoutGapsOrRepeats() throws Exception {
        JdbcCallStore store = new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        Instant t0 = Instant.parse("2026-11-23T08:00:00Z");
        for (int i = 0; i < 7; i++) {
            // two calls share each instant, so the cursor must order by id within one
            store.save(new Call("c_" + i, "acme", CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                    t0.plusSeconds(i / 2), null, t0, Outcome.COMPLETED, HangupBy.TO));
        }
        store.save(new Call("c_theirs", "other", CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(),
                t0, null, t0, Outcome.COMPLETED, HangupBy.TO));

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            io.huibo.api.CallPage page = store.list("acme", null, null, 3, cursor);
            assertTrue(page.items().size() <= 3);
            page.items().forEach(call -> seen.add(call.id()));
            cursor = page.next();
        } while (cursor != null);
        assertEquals(List.of("c_6", "c_5", "c_4", "c_3", "c_2", "c_1", "c_0"), seen);

        assertEquals(List.of("c_3", "c_2"), store.list("acme", t0.plusSeconds(1), t0.plusSeconds(2), 10, null)
                .items().stream().map(Call::id).toList(), "since is inclusive, until exclusive");
        assertEquals(List.of("c_theirs"), store.list("other", null, null, 10, null).items().stream().map(Call::id).toList());
        assertEquals(null, store.list("acme", null, null, 7, null).next(), "no next page when all fit");
        assertThrows(IllegalArgumentException.class, () -> store.list("acme", null, null, 3, "not-a-cursor"));
    }

    @Test
    void migrationsRunOnceAndAnUnknownIdIsEmpty() throws Exception {
        new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        JdbcCallStore again = new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32]));
        assertTrue(again.find("c_missing").isEmpty());
    }
}

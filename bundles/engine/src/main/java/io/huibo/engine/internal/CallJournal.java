package io.huibo.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.huibo.api.Call;
import io.huibo.api.CallEvents;
import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.spi.CallWriter;

/**
 * Where every call's changes go: stored behind the SIP threads by the {@link CallRecorder}, and
 * posted on EventAdmin for the bundles that follow calls. A call refused before any leg rang is
 * on record too, as one ended call.
 */
final class CallJournal implements AutoCloseable {
    private final CallRecorder recorder;
    private final EventAdmin events;
    private final Clock clock;

    CallJournal(CallWriter store, EventAdmin events, Clock clock) {
        this.recorder = new CallRecorder(store);
        this.events = events;
        this.clock = clock;
    }

    void changed(Call snapshot, long sequence) {
        recorder.record(snapshot);
        announce(snapshot, sequence);
    }

    /** A detail of an ended call: stored, not announced. */
    void amended(Call snapshot) {
        recorder.record(snapshot);
    }

    /**
     * Records the call of {@code parties} as refused before any leg rang; {@code status} is the
     * SIP answer its caller got, null for a callback that never called anyone.
     */
    void refused(EngineCall.Parties parties, Integer status, Outcome outcome) {
        Instant now = clock.instant();
        List<Leg> legs = status == null ? List.of()
                : List.of(new Leg(Party.FROM, LegState.FAILED, now, null, null, now, status));
        changed(new Call(parties.id(), parties.tenantId(), parties.kind(), parties.bindingId(), CallState.ENDED,
                parties.from(), parties.to(), parties.display(), parties.userData(), parties.statusCallbackUrl(), legs, now,
                null, now, outcome, HangupBy.SYSTEM), 1);
    }

    /** Waits until the call's record is durable. */
    void flush(String callId) {
        recorder.flush(callId);
    }

    /** Posts the call's change on EventAdmin. */
    void announce(Call snapshot, long sequence) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CallEvents.CALL_ID, snapshot.id());
        properties.put(CallEvents.STATE, snapshot.state().wireName());
        properties.put(CallEvents.SEQUENCE, sequence);
        properties.put(CallEvents.CALL, snapshot);
        if (snapshot.outcome() != null) {
            properties.put(CallEvents.OUTCOME, snapshot.outcome().wireName());
            properties.put(CallEvents.HANGUP_BY, snapshot.hangupBy().wireName());
        }
        events.postEvent(new Event(CallEvents.topic(snapshot.state()), properties));
    }

    /** Stores what is still pending: the final records of the calls just ended. */
    @Override
    public void close() {
        recorder.close();
    }
}

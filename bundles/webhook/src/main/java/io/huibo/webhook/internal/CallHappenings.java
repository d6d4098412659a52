package io.huibo.webhook.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.huibo.api.Call;
import io.huibo.api.CallState;
import io.huibo.api.Leg;

/**
 * Everything a call snapshot shows to have happened so far, oldest first. A snapshot holds its
 * whole history (the times of each leg ringing and answering, the bridge, the end), so any one
 * of them, whichever arrives first or even alone, yields every event up to it: the outbox then
 * keeps those not queued already. The engine's events may come in any order, on any thread.
 */
final class CallHappenings {

    private CallHappenings() {
    }

    static List<Happening> of(Call call) {
        List<Happening> happened = new ArrayList<>();
        happened.add(Happening.of(Happening.CALL_CREATED, call.createdAt()));
        for (Leg leg : call.legs()) {
            if (leg.ringingAt() != null) {
                happened.add(new Happening(Happening.CALL_RINGING, leg.party(), leg.ringingAt()));
            }
            if (leg.answeredAt() != null) {
                happened.add(new Happening(Happening.CALL_ANSWERED, leg.party(), leg.answeredAt()));
            }
        }
        if (call.bridgedAt() != null) {
            happened.add(Happening.of(Happening.CALL_BRIDGED, call.bridgedAt()));
        }
        if (call.state() == CallState.ENDED) {
            happened.add(Happening.of(Happening.CALL_ENDED, call.endedAt()));
        }
        // stable: what happened in the same millisecond keeps the order above (created, from, to, bridged, ended)
        happened.sort(Comparator.comparing(Happening::at));
        return happened;
    }
}

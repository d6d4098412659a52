package io.huibo.api;

/**
 * What to do with a call from {@code caller} to a virtual number: relay it to {@code callee}
 * under binding {@code bindingId}, or refuse it. {@code callee} and {@code bindingId} are null
 * when refused; {@code tenantId} owns the number (null if no pool has it) and so the call's record.
 */
public record RelayDecision(Verdict verdict, String tenantId, String bindingId, PhoneNumber callee) {

    /** The answer; each refusal has its own SIP status (see the engine). */
    public enum Verdict { RELAY, NO_BINDING, DIRECTION_FORBIDDEN }

    public static RelayDecision relay(String tenantId, String bindingId, PhoneNumber callee) {
        return new RelayDecision(Verdict.RELAY, tenantId, bindingId, callee);
    }

    public static RelayDecision refuse(Verdict verdict, String tenantId, String bindingId) {
        return new RelayDecision(verdict, tenantId, bindingId, null);
    }
}

package io.huibo.api;

/**
 * The EventAdmin events the engine posts for every change of a call, so that other bundles
 * (webhooks, adapters, the console) follow calls without touching the engine. Topics are
 * {@code io/huibo/call/<STATE>}, e.g. {@code io/huibo/call/BRIDGED}; properties below.
 */
public final class CallEvents {
    /** Subscribe to this to get every call event. */
    public static final String TOPIC_ALL = "io/huibo/call/*";
    public static final String TOPIC_PREFIX = "io/huibo/call/";

    /** The call's id, a String. */
    public static final String CALL_ID = "callId";
    /** The call's state as its wire name, a String: {@code calling-from}, …, {@code ended}. */
    public static final String STATE = "state";
    /** The outcome's wire name once ended, else absent. */
    public static final String OUTCOME = "outcome";
    /** Who hung up, as a wire name, once ended, else absent. */
    public static final String HANGUP_BY = "hangupBy";
    /**
     * The change's number within its call, a Long from 1: events of one call in order. The ENDED
     * event of a call a crash left open, posted when the engine closes it at start-up, carries
     * {@link Long#MAX_VALUE}: it comes after whatever came before.
     */
    public static final String SEQUENCE = "sequence";
    /** The {@link Call} itself, as it stood at the change. */
    public static final String CALL = "call";

    private CallEvents() {
    }

    /** The topic for a call now in {@code state}. */
    public static String topic(CallState state) {
        return TOPIC_PREFIX + state.name();
    }
}

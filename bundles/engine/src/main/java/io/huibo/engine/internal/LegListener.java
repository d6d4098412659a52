package io.huibo.engine.internal;

/** What an outbound leg reports, each at most once except provisional answers. */
interface LegListener {

    void onProvisional(SipLeg leg, int status);

    /** A 2xx to the INVITE; {@code sdp} is its body, null when it has none. */
    void onAnswered(SipLeg leg, String sdp);

    /** A final failure to the INVITE, or 408 when the party never answered at all. */
    void onFailed(SipLeg leg, int status);

    /** The party hung up: a BYE on the dialog, already answered 200. */
    void onBye(SipLeg leg);
}

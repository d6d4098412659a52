package io.huibo.engine.internal;

/** A leg Huibo calls out on: one INVITE to one party. */
interface OutboundLeg extends SipLeg {

    /** Sends the INVITE, with {@code sdpOffer} as body, or none when null (RFC 3725 flow I). */
    void invite(String sdpOffer) throws SignallingException;

    /** Confirms the 2xx, carrying {@code sdpAnswer} when the 2xx held the offer. */
    void ack(String sdpAnswer) throws SignallingException;

    /** Gives up on the INVITE; the party's final answer to it (487) still arrives as a failure. */
    void cancel() throws SignallingException;
}

package io.huibo.engine.internal;

/**
 * The signalling of one outbound leg: one INVITE dialog to one party. Its events go to the
 * {@link LegListener} it was made with, under that listener's lock.
 */
interface SipLeg {

    /** Sends the INVITE, with {@code sdpOffer} as body, or none when null (RFC 3725 flow I). */
    void invite(String sdpOffer) throws SignallingException;

    /** Confirms the 2xx, carrying {@code sdpAnswer} when the 2xx held the offer. */
    void ack(String sdpAnswer) throws SignallingException;

    /** Ends the answered dialog. */
    void bye() throws SignallingException;

    /** Gives up on the INVITE; the party's final answer to it (487) still arrives as a failure. */
    void cancel() throws SignallingException;

    /** Sends a re-INVITE on the confirmed dialog, offering {@code sdp} (none when null). */
    void reInvite(String sdp) throws SignallingException;

    /** Confirms the 2xx to our re-INVITE, with {@code sdpAnswer} when that 2xx held the offer. */
    void ackReInvite(String sdpAnswer) throws SignallingException;

    /** Answers the party's pending re-INVITE with {@code status}, and {@code sdp} on a 2xx. */
    void answerReInvite(int status, String sdp) throws SignallingException;
}

package io.huibo.engine.internal;

/**
 * What a call can do on any of its legs once the dialog is confirmed, whichever side started it.
 * Events go to the {@link LegListener} the leg was made with, under that listener's lock.
 */
interface SipLeg {

    /** Ends the answered dialog. */
    void bye() throws SignallingException;

    /** Sends a re-INVITE on the confirmed dialog, offering {@code sdp} (none when null). */
    void reInvite(String sdp) throws SignallingException;

    /** Confirms the 2xx to our re-INVITE, with {@code sdpAnswer} when that 2xx held the offer. */
    void ackReInvite(String sdpAnswer) throws SignallingException;

    /** Answers the party's pending re-INVITE with {@code status}, and {@code sdp} on a 2xx. */
    void answerReInvite(int status, String sdp) throws SignallingException;
}

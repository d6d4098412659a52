package io.huibo.engine.internal;

/** What an outbound leg reports. */
interface LegListener {

    /** A provisional answer; {@code sdp} is its body (early media), null when none. */
    void onProvisional(SipLeg leg, int status, String sdp);

    /** A 2xx to the INVITE; {@code sdp} is its body (or an earlier 18x's), null when none. */
    void onAnswered(SipLeg leg, String sdp);

    /** A final failure to the INVITE, or 408 when the party never answered at all. */
    void onFailed(SipLeg leg, int status);

    /** The party hung up: a BYE on the dialog, already answered 200. */
    void onBye(SipLeg leg);

    /** The party sent a re-INVITE (hold, resume, codec change); answer it with {@link SipLeg#answerReInvite}. */
    void onReInvite(SipLeg leg, String sdp);

    /** The party's final answer to the re-INVITE we sent it; {@code sdp} is the 2xx's body. */
    void onReInviteAnswered(SipLeg leg, int status, String sdp);

    /** The party's ACK to our 2xx for its re-INVITE; {@code sdp} when that 2xx held the offer. */
    void onReInviteAcknowledged(SipLeg leg, String sdp);
}

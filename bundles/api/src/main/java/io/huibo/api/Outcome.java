package io.huibo.api;

/** How a call ended; {@code BLOCKED}: an anti-harassment policy refused it before any leg. */
public enum Outcome implements WireName {
    COMPLETED, FROM_BUSY, FROM_NO_ANSWER, FROM_REJECTED, TO_BUSY, TO_NO_ANSWER, TO_REJECTED,
    CANCELLED, MAX_DURATION, FAILED, BLOCKED;

    /** The outcome for a leg of {@code party} that got the final SIP failure {@code status}. */
    public static Outcome ofFailure(Party party, int status) {
        boolean from = party == Party.FROM;
        return switch (status) {
            case 486, 600 -> from ? FROM_BUSY : TO_BUSY;
            case 408, 480, 487 -> from ? FROM_NO_ANSWER : TO_NO_ANSWER;
            case 403, 603 -> from ? FROM_REJECTED : TO_REJECTED;
            default -> FAILED;
        };
    }
}

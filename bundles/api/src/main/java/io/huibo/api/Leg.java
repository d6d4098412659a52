package io.huibo.api;

import java.time.Instant;

/**
 * One leg of a call as it stands: the SIP dialog to one party. Times are null until reached;
 * {@code sipStatus} is the last final status the party answered, null before one.
 */
public record Leg(Party party, LegState state, Instant invitedAt, Instant ringingAt,
        Instant answeredAt, Instant endedAt, Integer sipStatus) {
}

package io.huibo.adapter.ktv.internal;

import java.time.Clock;
import java.time.Duration;

import com.google.gson.JsonObject;

import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonToken;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokens;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.EventFields;
import io.huibo.adapters.support.StaffOnDuty;

/**
 * The room-service call button: the room system asks for a token per room's screen, and a press
 * spends it on one callback that rings the room's phone first, then the front desk on duty.
 */
final class RoomServiceButton {
    private final String tenantId;
    private final PhoneNumber display;
    private final Duration ttl;
    private final RoomPhones rooms;
    private final StaffOnDuty frontDesk;
    private final ButtonTokens tokens;
    private final Clock clock;

    RoomServiceButton(KtvConfiguration config, RoomPhones rooms, StaffOnDuty frontDesk, ButtonTokens tokens, Clock clock) {
        this.tenantId = config.tenant();
        this.display = config.display().isBlank() ? null : PhoneNumber.ofE164(config.display().trim());
        this.ttl = Duration.ofSeconds(config.buttonTokenTtlSeconds());
        this.rooms = rooms;
        this.frontDesk = frontDesk;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Mints the token for the room named in {@code body}: {@code {"room": "801"}}. */
    JsonObject mint(String body) throws AdapterException {
        String room = EventFields.parse(body).id("room");
        PhoneNumber roomPhone = rooms.of(room)
                .orElseThrow(() -> new AdapterException(404, "NOT_FOUND", "no phone is configured for room " + room));
        PhoneNumber desk = frontDesk.at(clock.instant()).orElseThrow(() -> new AdapterException(409, "NO_STAFF_ON_DUTY",
                "no " + frontDesk.role() + " is on duty in the store, and none is configured"));
        ButtonToken token;
        try {
            token = tokens.mint(tenantId, ButtonScope.pair(roomPhone, desk), display, ttl);
        } catch (ButtonTokenException e) {
            throw AdapterException.invalid(e.getMessage());
        }
        JsonObject answer = new JsonObject();
        answer.addProperty("room", room);
        answer.addProperty("token", token.token());
        answer.addProperty("expiresAt", token.expiresAt().toString());
        return answer;
    }
}

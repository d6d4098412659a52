package io.huibo.adapter.restaurant.internal;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.Call;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.EventFields;
import io.huibo.adapters.support.StaffOnDuty;

/** "Your table is ready": the host stand is called at once, then the guest whose ticket came up. */
final class TableReadyCalls {
    private static final Logger LOG = LoggerFactory.getLogger(TableReadyCalls.class);

    /** A queue ticket come up: {@code {"eventId", "ticket", "guestPhone"}}. */
    record TableReady(String eventId, String ticket, PhoneNumber guest) {
        static TableReady parse(String body, String region) throws AdapterException {
            EventFields fields = EventFields.parse(body);
            return new TableReady(fields.id("eventId"), fields.id("ticket"), fields.phone("guestPhone", region));
        }
    }

    private final String tenantId;
    private final PhoneNumber display;
    private final StaffOnDuty host;
    private final CallbackService callbacks;
    private final Clock clock;

    TableReadyCalls(String tenantId, PhoneNumber display, StaffOnDuty host, CallbackService callbacks, Clock clock) {
        this.tenantId = tenantId;
        this.display = display;
        this.host = host;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    JsonObject call(TableReady ready) throws AdapterException {
        PhoneNumber stand = host.at(clock.instant()).orElseThrow(() -> Refusals.noneOnDuty(host));
        Call call;
        try {
            call = callbacks.place(CallbackRequest.builder(stand, ready.guest()).tenantId(tenantId).display(display)
                    .userData("restaurant-table-ready:" + ready.ticket()).build());
        } catch (CallbackRejectedException e) {
            throw Refusals.of(e);
        }
        LOG.info("Table-ready callback {} for ticket {}: host {} to guest {}", call.id(), ready.ticket(), stand, ready.guest());
        JsonObject answer = new JsonObject();
        answer.addProperty("eventId", ready.eventId());
        answer.addProperty("ticket", ready.ticket());
        answer.addProperty("callId", call.id());
        return answer;
    }
}

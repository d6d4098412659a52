package io.huibo.adapter.restaurant.internal;

import io.huibo.api.BindingException;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.StaffOnDuty;

/** Huibo's own refusals as the POS sees them: the API's status and error code for each. */
final class Refusals {
    private Refusals() {
    }

    static AdapterException of(CallbackRejectedException e) {
        int status = switch (e.reason()) {
            case INVALID_NUMBER, INVALID_REQUEST -> 400;
            case POLICY_BLOCKED -> 403;
            case OVERLOADED -> 503;
        };
        return new AdapterException(status, e.reason().name(), e.getMessage());
    }

    static AdapterException of(BindingException e) {
        int status = switch (e.reason()) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case NO_AVAILABLE_NUMBER, BIND_CONFLICT, NUMBER_IN_USE -> 409;
        };
        return new AdapterException(status, e.reason().name(), e.getMessage());
    }

    static AdapterException noneOnDuty(StaffOnDuty staff) {
        return new AdapterException(409, "NO_STAFF_ON_DUTY", "no " + staff.role() + " is on duty in the store, and none is configured");
    }
}

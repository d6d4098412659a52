package io.huibo.rest.internal;

import io.huibo.api.ApiKey;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;

/** Who made a request: the verified key and its tenant, whose resources alone it may see. */
record Caller(ApiKey key, Tenant tenant) {

    String tenantId() {
        return tenant.id();
    }

    /** A number as this caller may see it: whole with the {@code reveal} right, else masked. */
    String show(PhoneNumber number) {
        return number == null ? null : key.may(Right.REVEAL) ? number.e164() : number.masked();
    }
}

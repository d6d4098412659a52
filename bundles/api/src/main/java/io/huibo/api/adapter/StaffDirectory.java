package io.huibo.api.adapter;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.huibo.api.PhoneNumber;

/**
 * Who holds a role in a store at a given time — the front desk, the doctor on duty — as the
 * install configures it, so an adapter reaches the right person without knowing the roster.
 */
@ProviderType
public interface StaffDirectory {

    /** The number of whoever holds {@code role} in the tenant's store at {@code at}, if anyone. */
    Optional<PhoneNumber> onDuty(String tenantId, String storeId, String role, Instant at);
}

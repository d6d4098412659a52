package io.huibo.adapters.support;

import java.time.Instant;
import java.util.Optional;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.StaffDirectory;

/** Who answers for a role of the store at a time: the roster's choice, else the configured number. */
public final class StaffOnDuty {
    private final StaffDirectory directory;
    private final String tenantId;
    private final String storeId;
    private final String role;
    private final PhoneNumber fallback;

    public StaffOnDuty(StaffDirectory directory, String tenantId, String storeId, String role, PhoneNumber fallback) {
        this.directory = directory;
        this.tenantId = tenantId;
        this.storeId = storeId;
        this.role = role;
        this.fallback = fallback;
    }

    public Optional<PhoneNumber> at(Instant when) {
        return directory.onDuty(tenantId, storeId, role, when).or(() -> Optional.ofNullable(fallback));
    }

    public String role() {
        return role;
    }
}

package io.huibo.adapters.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.StaffDirectory;

/** The staff directory made of the configured {@link StaffShift}s; the first that covers the moment answers. */
@Component(service = StaffDirectory.class)
public class ConfiguredStaffDirectory implements StaffDirectory {
    private final List<StaffShift> shifts = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addShift(StaffShift shift) {
        shifts.add(shift);
    }

    void removeShift(StaffShift shift) {
        shifts.remove(shift);
    }

    @Override
    public Optional<PhoneNumber> onDuty(String tenantId, String storeId, String role, Instant at) {
        return shifts.stream().filter(s -> s.covers(tenantId, storeId, role, at)).map(StaffShift::number).findFirst();
    }
}

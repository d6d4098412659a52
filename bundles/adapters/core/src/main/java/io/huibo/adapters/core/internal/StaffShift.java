package io.huibo.adapters.core.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.huibo.api.PhoneNumber;

/**
 * One person holding one role in one store for a weekly time window, from
 * {@code etc/io.huibo.staff-<name>.cfg} (factory PID {@code io.huibo.staff}). The number stays
 * inside Huibo: adapters reach the person through a masked callback.
 */
@Component(service = StaffShift.class, configurationPid = "io.huibo.staff", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StaffShift.Config.class, factory = true)
public class StaffShift {

    @ObjectClassDefinition(name = "Huibo staff shift", description = "Who holds a role in a store, and when")
    @interface Config {
        @AttributeDefinition(description = "The tenant the store belongs to")
        String tenant() default "default";

        @AttributeDefinition(description = "The store, as adapters name it")
        String store();

        @AttributeDefinition(description = "The role, e.g. front-desk, host, doctor-on-duty")
        String role();

        @AttributeDefinition(description = "The person's number, E.164", type = AttributeType.STRING)
        String number();

        @AttributeDefinition(description = "Days of the week, e.g. MON-FRI or SAT,SUN; empty for every day")
        String days() default "";

        @AttributeDefinition(description = "Start of the shift, HH:mm; empty with to for all day")
        String from() default "";

        @AttributeDefinition(description = "End of the shift, HH:mm; may be earlier than from (over midnight)")
        String to() default "";

        @AttributeDefinition(description = "Time zone of the shift")
        String zone() default "Asia/Shanghai";
    }

    private final String tenant;
    private final String store;
    private final String role;
    private final PhoneNumber number;
    private final Set<DayOfWeek> days;
    private final LocalTime from;
    private final LocalTime to;
    private final ZoneId zone;

    @Activate
    public StaffShift(Config config) {
        this(config.tenant(), config.store(), config.role(), PhoneNumber.ofE164(config.number().strip()), days(config.days()),
                config.from().isBlank() ? null : LocalTime.parse(config.from().strip()),
                config.to().isBlank() ? null : LocalTime.parse(config.to().strip()), ZoneId.of(config.zone().strip()));
    }

    StaffShift(String tenant, String store, String role, PhoneNumber number, Set<DayOfWeek> days, LocalTime from,
            LocalTime to, ZoneId zone) {
        this.tenant = tenant;
        this.store = store;
        this.role = role;
        this.number = number;
        this.days = days;
        this.from = from;
        this.to = to;
        this.zone = zone;
    }

    PhoneNumber number() {
        return number;
    }

    /** Whether this shift is the role's in the tenant's store at {@code at}. */
    boolean covers(String tenantId, String storeId, String roleName, Instant at) {
        if (!tenant.equals(tenantId) || !store.equals(storeId) || !role.equals(roleName)) {
            return false;
        }
        ZonedDateTime local = at.atZone(zone);
        if (from == null || to == null) {
            return days.contains(local.getDayOfWeek());
        }
        LocalTime time = local.toLocalTime();
        if (from.isBefore(to)) {
            return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
        // over midnight: the part after midnight belongs to the shift that began the day before
        return !time.isBefore(from) ? days.contains(local.getDayOfWeek())
                : time.isBefore(to) && days.contains(local.getDayOfWeek().minus(1));
    }

    /** {@code MON-FRI}, {@code SAT,SUN}, or empty for every day. */
    static Set<DayOfWeek> days(String text) {
        if (text.isBlank()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String part : text.toUpperCase(Locale.ROOT).split(",")) {
            String[] range = part.strip().split("-");
            DayOfWeek first = day(range[0]);
            DayOfWeek last = range.length > 1 ? day(range[1]) : first;
            for (DayOfWeek d = first; ; d = d.plus(1)) {
                days.add(d);
                if (d == last) {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbreviation.strip()) && abbreviation.strip().length() >= 2) {
                return d;
            }
        }
        throw new IllegalArgumentException("not a day of the week: " + abbreviation);
    }
}

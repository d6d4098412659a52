package io.huibo.adapters.clinic.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v2 date/times (DTM, TS-1) as instants. An appointment needs its minute, so anything less
 * precise than {@code YYYYMMDDHHMM} is refused; a time without an offset is in the clinic's zone.
 */
final class Hl7Time {
    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(\\d{2})(\\d{2})(\\d{2})(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?(?:([+-])(\\d{2})(\\d{2}))?");

    private Hl7Time() {
    }

    /** @throws IllegalArgumentException if {@code value} is not a date/time to the minute */
    static Instant parse(String value, ZoneId zone) {
        Matcher m = DTM.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an HL7 date/time to the minute (YYYYMMDDHHMM[SS][+ZZZZ])");
        }
        try {
            LocalDateTime local = LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5),
                    m.group(6) == null ? 0 : num(m, 6), m.group(7) == null ? 0 : fractionNanos(m.group(7)));
            ZoneId in = m.group(8) == null ? zone
                    : ZoneOffset.ofHoursMinutes(sign(m) * num(m, 9), sign(m) * num(m, 10));
            return local.atZone(in).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a calendar date/time", e);
        }
    }

    private static int num(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int sign(Matcher m) {
        return "-".equals(m.group(8)) ? -1 : 1;
    }

    private static int fractionNanos(String digits) {
        return Integer.parseInt((digits + "000000000").substring(0, 9));
    }
}

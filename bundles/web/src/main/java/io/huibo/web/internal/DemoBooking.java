package io.huibo.web.internal;

import java.util.ArrayList;
import java.util.List;

import io.huibo.api.PhoneNumber;

/** A row of the demo ERP page: a booking and the customer's number, which stays on the server. */
record DemoBooking(String reference, String guest, String what, PhoneNumber customer) {

    /** The bookings of {@link DemoConfig#bookings()}: {@code reference|guest|what|number}, separated by ';'. */
    static List<DemoBooking> parse(String bookings) {
        List<DemoBooking> rows = new ArrayList<>();
        for (String row : bookings.split(";")) {
            if (row.isBlank()) {
                continue;
            }
            String[] fields = row.split("\\|");
            if (fields.length != 4) {
                throw new IllegalArgumentException("a demo booking is reference|guest|what|number, not: " + row.strip());
            }
            rows.add(new DemoBooking(fields[0].strip(), fields[1].strip(), fields[2].strip(),
                    PhoneNumber.ofE164(fields[3].strip())));
        }
        return List.copyOf(rows);
    }
}

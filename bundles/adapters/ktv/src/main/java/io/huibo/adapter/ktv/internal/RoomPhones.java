package io.huibo.adapter.ktv.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.huibo.api.PhoneNumber;

/** Each room's phone, from the configuration's {@code roomPhones}: {@code 801=+8657188881801, 802=…}. */
final class RoomPhones {
    private final Map<String, PhoneNumber> phones;

    private RoomPhones(Map<String, PhoneNumber> phones) {
        this.phones = Map.copyOf(phones);
    }

    /** @throws IllegalArgumentException naming the entry that is not {@code room=E.164 number} */
    static RoomPhones parse(String text) {
        Map<String, PhoneNumber> phones = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("roomPhones: '" + entry.trim() + "' is not room=number");
            }
            String room = entry.substring(0, equals).trim();
            phones.put(room, PhoneNumber.ofE164(entry.substring(equals + 1).trim()));
        }
        return new RoomPhones(phones);
    }

    Optional<PhoneNumber> of(String room) {
        return Optional.ofNullable(phones.get(room));
    }
}

package io.huibo.shell.internal;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.WireName;

/** How the shell prints values: a party's number masked unless the operator asked to reveal it, absent values blank. */
final class Shown {

    private Shown() {
    }

    static String number(PhoneNumber number, boolean reveal) {
        return number == null ? "" : reveal ? number.e164() : number.masked();
    }

    static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** A key's rights, comma-separated as {@code huibo:key-create} takes them. */
    static String rights(Set<Right> rights) {
        return rights.stream().map(Right::wireName).sorted().collect(Collectors.joining(","));
    }

    static String wire(WireName value) {
        return value == null ? "" : value.wireName();
    }
}

package io.huibo.api;

import java.util.Locale;

/** Enums whose constants travel as lower-case, hyphenated words: {@code CALLING_FROM → calling-from}. */
public interface WireName {
    String name();

    default String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} whose wire name is {@code wire}. */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String wire) {
        return Enum.valueOf(type, wire.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}

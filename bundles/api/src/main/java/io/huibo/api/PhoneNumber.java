package io.huibo.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A real phone number, held in E.164. {@link #toString()} masks it, so that a number that
 * slips into a log line or a message never shows in full; {@link #e164()} is the only way to
 * the real digits.
 */
public final class PhoneNumber {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int SHOWN_HEAD = 3;
    private static final int SHOWN_TAIL = 4;
    /**
     * Numbers already validated, by their E.164 form: validating costs tens of microseconds of
     * pattern matching, and the same numbers come back on every read of a binding or a call.
     * Bounded: emptied when full, as a cheap stand-in for eviction.
     */
    private static final Map<String, PhoneNumber> VALID_E164 = new ConcurrentHashMap<>();
    private static final int VALID_E164_MAX = 4096;

    private final String e164;
    private final int countryCode;

    private PhoneNumber(String e164, int countryCode) {
        this.e164 = e164;
        this.countryCode = countryCode;
    }

    /**
     * Parses a number given in E.164 ({@code +8613800138000}) or in the national format of
     * {@code region}, an ISO 3166 code ({@code 13800138000}, {@code 010-6552 9988} for CN).
     *
     * @throws InvalidNumberException if it is not a valid number
     */
    public static PhoneNumber parse(String text, String region) {
        if (text == null || text.isBlank()) {
            throw new InvalidNumberException("phone number is empty");
        }
        PhoneNumber known = VALID_E164.get(text); // only E.164 is kept, and it means the same in every region
        if (known != null) {
            return known;
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = UTIL.parse(text, region);
        } catch (NumberParseException e) {
            throw new InvalidNumberException("not a phone number: " + e.getMessage());
        }
        if (!UTIL.isValidNumber(parsed)) {
            throw new InvalidNumberException("not a valid phone number for any numbering plan");
        }
        PhoneNumber number = new PhoneNumber(UTIL.format(parsed, PhoneNumberFormat.E164), parsed.getCountryCode());
        if (number.e164.equals(text)) {
            if (VALID_E164.size() >= VALID_E164_MAX) {
                VALID_E164.clear();
            }
            VALID_E164.put(text, number);
        }
        return number;
    }

    /** A number already stored in E.164, as read back from the database. */
    public static PhoneNumber ofE164(String e164) {
        if (e164 == null || !e164.startsWith("+")) {
            throw new InvalidNumberException("not in E.164 form");
        }
        return parse(e164, null);
    }

    /** The real number, {@code +8613800138000}. Show it only to someone with the right. */
    public String e164() {
        return e164;
    }

    /** The number with its middle hidden: {@code +86138****8000}. */
    public String masked() {
        String cc = "+" + countryCode;
        String national = e164.substring(cc.length());
        int head = Math.min(SHOWN_HEAD, Math.max(0, national.length() - SHOWN_TAIL - 1));
        int tail = Math.min(SHOWN_TAIL, national.length() - head - 1);
        return cc + national.substring(0, head) + "****" + national.substring(national.length() - tail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber other && e164.equals(other.e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    /** Masked on purpose: see {@link #masked()}. */
    @Override
    public String toString() {
        return masked();
    }
}

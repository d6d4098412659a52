package io.huibo.webhook.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Reads hosts as text, never asking DNS: plain addresses apart from names and from other encodings of numbers. */
final class Hosts {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern DOTTED_QUAD = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    /** A label browsers and resolvers read as (part of) an IPv4 address: decimal, octal or hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private Hosts() {
    }

    /**
     * The address a plain literal names: four decimal octets without leading zeros, or IPv6
     * without a zone; null for anything else. Java reads {@code ::ffff:a.b.c.d} as the IPv4 address.
     */
    static InetAddress literal(String text) {
        try {
            if (DOTTED_QUAD.matcher(text).matches()) {
                return InetAddress.getByName(text); // a literal: no lookup
            }
            if (IPV6.matcher(text).matches()) {
                return InetAddress.getByName("[" + text + "]"); // bracketed: refused, not looked up, when malformed
            }
        } catch (UnknownHostException e) {
            // not a well-formed literal
        }
        return null;
    }

    /**
     * Whether a host that is not a plain literal would still be read as an IPv4 address
     * somewhere ({@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code 127.1}): a name's
     * last label is never a number.
     */
    static boolean isNumeric(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return NUMERIC_LABEL.matcher(name.substring(name.lastIndexOf('.') + 1)).matches();
    }
}

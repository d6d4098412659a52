package io.huibo.adapters.clinic.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The source addresses the MLLP listener serves: addresses ({@code 10.0.0.5}, {@code ::1}) and
 * CIDR ranges ({@code 10.0.0.0/24}), written as literals so that no name is resolved.
 */
final class AddressAllowlist {
    private final List<Range> ranges;

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private AddressAllowlist(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** @param entries comma-separated addresses and CIDR ranges */
    static AddressAllowlist parse(String entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries.split(",")) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("not a CIDR range: " + text);
                }
            }
            ranges.add(new Range(network, bits));
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("mllpAllowedAddresses is empty: no one could send");
        }
        return new AddressAllowlist(List.copyOf(ranges));
    }

    boolean allows(InetAddress address) {
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** An IPv4 or IPv6 literal; a name is refused rather than looked up. */
    private static byte[] literal(String text) {
        boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean ipv6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }
}

package io.huibo.webhook.internal;

import java.net.InetAddress;

/** A block of addresses, {@code 10.1.2.0/24} or {@code fc00::/7}; IPv4 and IPv6 blocks never overlap. */
record Cidr(byte[] network, int prefixLength) {

    /**
     * Reads {@code address/length}, or a lone address as a block of one.
     *
     * @throws IllegalArgumentException when it is not one
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        InetAddress address = Hosts.literal(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException(text + " is not an address or CIDR block");
        }
        byte[] network = address.getAddress();
        int bits = network.length * 8;
        int length;
        try {
            length = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(text + " has no prefix length after its /");
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException(text + " has a prefix length outside 0 to " + bits);
        }
        return new Cidr(network, length);
    }

    boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int whole = prefixLength / 8;
        for (int i = 0; i < whole; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        int mask = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (candidate[whole] & mask) == (network[whole] & mask);
    }

    /** Whether the block is the one address, not a network around it. */
    boolean isSingleAddress() {
        return prefixLength == network.length * 8;
    }
}

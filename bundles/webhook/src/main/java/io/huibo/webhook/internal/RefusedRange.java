package io.huibo.webhook.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;

/**
 * The address blocks no webhook goes to, by what they are; the first that holds an address
 * names it, so the narrower blocks come first.
 */
enum RefusedRange {
    UNSPECIFIED("an unspecified address", "0.0.0.0/8", "::/128"),
    LOOPBACK("a loopback address", "127.0.0.0/8", "::1/128"),
    /** AWS, GCP and Azure (169.254.169.254 and AWS's IPv6), Alibaba Cloud, Oracle Cloud. */
    METADATA("a cloud metadata address", "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32", "192.0.0.192/32"),
    LINK_LOCAL("a link-local address", "169.254.0.0/16", "fe80::/10"),
    MULTICAST("a multicast address", "224.0.0.0/4", "ff00::/8"),
    BROADCAST("a broadcast or reserved address", "240.0.0.0/4"),
    /** IPv4-compatible, NAT64 and 6to4 forms: which IPv4 address they reach is not judged here. */
    IPV4_IN_IPV6("an IPv4 address written as IPv6", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "2002::/16"),
    PRIVATE("a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "198.18.0.0/15",
            "192.0.0.0/24", "fc00::/7", "fec0::/10");

    final String what;
    private final List<Cidr> blocks;

    RefusedRange(String what, String... blocks) {
        this.what = what;
        this.blocks = Stream.of(blocks).map(Cidr::parse).toList();
    }

    /** The range that holds {@code address}, or null for a public address. */
    static RefusedRange of(InetAddress address) {
        for (RefusedRange range : values()) {
            if (range.blocks.stream().anyMatch(block -> block.contains(address))) {
                return range;
            }
        }
        return null;
    }
}

package io.huibo.webhook.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's {@code allowedNetworks}: CIDR blocks and host names that webhooks may go to
 * although the policy refuses them by default, as an on-premises ERP needs.
 */
final class Allowlist {
    private static final Logger LOG = LoggerFactory.getLogger(Allowlist.class);
    private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final List<Cidr> blocks = new ArrayList<>();
    private final Set<String> hosts = new HashSet<>();

    /** Reads entries separated by commas or spaces; one that is none is ignored, so it allows nothing. */
    Allowlist(String entries) {
        for (String entry : entries.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                add(entry.toLowerCase(Locale.ROOT));
            }
        }
    }

    private void add(String entry) {
        try {
            if (entry.contains("/") || Hosts.literal(entry) != null) {
                blocks.add(Cidr.parse(entry));
            } else if (HOST_NAME.matcher(entry).matches() && !Hosts.isNumeric(entry)) {
                hosts.add(entry);
            } else {
                throw new IllegalArgumentException(entry + " is neither a CIDR block, an address nor a host name");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("allowedNetworks in etc/io.huibo.webhook.cfg: {}; ignored", e.getMessage());
        }
    }

    /** Whether the operator named this host (lower case, no trailing dot), whatever it resolves to. */
    boolean allowsHost(String name) {
        return hosts.contains(name);
    }

    /**
     * Whether a block covers {@code address} of {@code range}: an IPv4 address written as IPv6
     * never, a cloud metadata address only when the block is that one address.
     */
    boolean allows(InetAddress address, RefusedRange range) {
        return range != RefusedRange.IPV4_IN_IPV6 && blocks.stream()
                .anyMatch(block -> block.contains(address) && (range != RefusedRange.METADATA || block.isSingleAddress()));
    }
}

package io.huibo.engine.internal;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.huibo.api.PhoneNumber;

/**
 * Where a number is called: the longest matching static route, else the trunk. Routes are
 * written {@code prefix=host:port}, comma-separated; a prefix is the start of an E.164 number.
 */
final class DialPlan {

    /** A SIP peer: where requests for a number are sent. */
    record Peer(String host, int port) {
    }

    private final Peer trunk;
    private final Map<String, Peer> routes = new LinkedHashMap<>();

    DialPlan(Peer trunk, String routeSpec) {
        this.trunk = trunk;
        for (String entry : routeSpec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] prefixAndPeer = entry.strip().split("=", 2);
            if (prefixAndPeer.length != 2 || !prefixAndPeer[0].startsWith("+")) {
                throw new IllegalArgumentException("route is not 'prefix=host:port': " + entry.strip());
            }
            routes.put(prefixAndPeer[0].strip(), parsePeer(prefixAndPeer[1].strip()));
        }
    }

    Peer peerFor(PhoneNumber number) {
        return routes.entrySet().stream()
                .filter(r -> number.e164().startsWith(r.getKey()))
                .max(Comparator.comparingInt(r -> r.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(trunk);
    }

    private static Peer parsePeer(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("route peer is not host:port: " + hostPort);
        }
        return new Peer(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}

package io.huibo.engine.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.huibo.api.PhoneNumber;

/**
 * Where a number is called: the longest matching static route, else the trunk. Routes are
 * written {@code prefix=host:port}, comma-separated; a prefix is the start of an E.164 number.
 * The addresses of the trunk and the routes are the only ones trusted to start calls.
 */
final class DialPlan {

    /** A SIP peer: where requests for a number are sent. */
    record Peer(String host, int port) {

        static Peer parse(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("peer is not host:port: " + hostPort);
            }
            return new Peer(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }
    }

    private final Peer trunk;
    private final Map<String, Peer> routes = new LinkedHashMap<>();
    private final Set<InetAddress> trusted = new HashSet<>();

    DialPlan(Peer trunk, String routeSpec, Peer... alsoTrusted) {
        this.trunk = trunk;
        for (String entry : routeSpec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] prefixAndPeer = entry.strip().split("=", 2);
            if (prefixAndPeer.length != 2 || !prefixAndPeer[0].startsWith("+")) {
                throw new IllegalArgumentException("route is not 'prefix=host:port': " + entry.strip());
            }
            routes.put(prefixAndPeer[0].strip(), Peer.parse(prefixAndPeer[1].strip()));
        }
        trust(trunk);
        routes.values().forEach(this::trust);
        for (Peer peer : alsoTrusted) {
            trust(peer);
        }
    }

    Peer trunk() {
        return trunk;
    }

    Peer peerFor(PhoneNumber number) {
        return routes.entrySet().stream()
                .filter(r -> number.e164().startsWith(r.getKey()))
                .max(Comparator.comparingInt(r -> r.getKey().length()))
                .map(Map.Entry::getValue)
                .orElse(trunk);
    }

    /** Whether requests from {@code address} may start calls: it is the trunk's or a route's. */
    boolean trusts(InetAddress address) {
        return trusted.contains(address);
    }

    /** Our own configuration names these hosts, so resolving them is safe (never a message's). */
    private void trust(Peer peer) {
        try {
            trusted.addAll(Set.of(InetAddress.getAllByName(peer.host())));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the configured peer " + peer.host(), e);
        }
    }
}

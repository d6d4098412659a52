package io.huibo.engine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * The trunk and the routes are the only peers trusted to start calls: over UDP by address and
 * port, over TCP and TLS by address.
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
    private final Set<InetSocketAddress> trusted = new HashSet<>();

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

    /**
     * Whether a request from {@code source} may start calls: it is the trunk's or a route's. A
     * datagram must come from the peer's own port, as anything else on that host may send from
     * another; a connection's source port is ephemeral, so there the address alone counts.
     */
    boolean trusts(InetSocketAddress source, boolean overConnection) {
        return overConnection ? trusted.stream().anyMatch(peer -> peer.getAddress().equals(source.getAddress()))
                : trusted.contains(source);
    }

    /** Our own configuration names these hosts, so resolving them is safe (never a message's). */
    private void trust(Peer peer) {
        try {
            for (InetAddress address : InetAddress.getAllByName(peer.host())) {
                trusted.add(new InetSocketAddress(address, peer.port()));
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the configured peer " + peer.host(), e);
        }
    }
}

package io.huibo.webhook.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

import io.huibo.api.WebhookUrlPolicy;

/**
 * The {@link WebhookUrlPolicy} of {@code etc/io.huibo.webhook.cfg}: what a URL's text says is
 * judged when it is accepted, and again with the addresses its host resolves to when an event
 * is sent, since a name may point elsewhere by then. The operator's {@code allowedNetworks}
 * lifts the refusal of the blocks it covers (a cloud metadata address only when named alone)
 * and of the host names it lists, whatever they resolve to.
 */
// also under its own class, for the sender in this bundle: one allowlist, changed in place for both
@Component(service = {WebhookUrlPolicy.class, UrlPolicy.class}, configurationPid = "io.huibo.webhook")
public final class UrlPolicy implements WebhookUrlPolicy {
    static final int MAX_LENGTH = 2000;
    private static final String ALLOW_HINT = "; an operator may allow it in allowedNetworks of etc/io.huibo.webhook.cfg";
    private static final String NOT_A_URL = "must be an absolute http or https URL with a host, of at most " + MAX_LENGTH
            + " characters";
    private static final String NUMERIC = "has a numeric host that is not a plain dotted-quad IPv4 address";
    private static final Set<String> METADATA_LABELS = Set.of("metadata", "instance-data");

    /** A host's addresses now: DNS in Huibo, a table in tests. */
    interface Resolver {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** A URL read without DNS: why it is refused, or its host as an address or a lower-case name. */
    private record Target(String refusal, InetAddress address, String name) {
        static Target refused(String why) {
            return new Target(why, null, null);
        }
    }

    private final Resolver resolver;
    private volatile Allowlist allowlist;

    @Activate
    public UrlPolicy(WebhookConfig config) {
        this(config.allowedNetworks(), InetAddress::getAllByName);
    }

    UrlPolicy(String allowedNetworks, Resolver resolver) {
        this.resolver = resolver;
        this.allowlist = new Allowlist(allowedNetworks);
    }

    /** Takes a new allowlist in place: the service stays, and so do the API and shell that use it. */
    @Modified
    void modified(WebhookConfig config) {
        allowlist = new Allowlist(config.allowedNetworks());
    }

    @Override
    public Optional<String> refusal(String url) {
        return Optional.ofNullable(read(url, allowlist).refusal());
    }

    /**
     * Why an event may not be sent to {@code url} now: its text, or an address its host resolves
     * to (each is checked, as the client may connect to any).
     *
     * @throws UnknownHostException when the host has no address now
     */
    Optional<String> refusalToSend(String url) throws UnknownHostException {
        Allowlist allowed = allowlist;
        Target target = read(url, allowed);
        if (target.refusal() != null || target.address() != null || allowed.allowsHost(target.name())) {
            return Optional.ofNullable(target.refusal());
        }
        for (InetAddress address : resolver.addresses(target.name())) {
            String refusal = refusal(address, "resolves to ", allowed);
            if (refusal != null) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    private static Target read(String url, Allowlist allowed) {
        URI uri;
        try {
            uri = url == null || url.length() > MAX_LENGTH ? null : new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            return Target.refused(NOT_A_URL);
        }
        // java.net.URI has no host for 0x7f.1 or 127.1, nor for user@ before them: say which it is
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || authority.contains("@")) {
            return Target.refused("must not carry a user name or password");
        }
        if (uri.getHost() == null) {
            return Target.refused(!authority.isEmpty() && Hosts.isNumeric(authority.replaceFirst(":[0-9]*$", ""))
                    ? NUMERIC : NOT_A_URL);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return Target.refused("must have a port from 1 to 65535");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            InetAddress address = Hosts.literal(host.substring(1, host.length() - 1));
            if (address == null) {
                return Target.refused("must have a plain IPv6 address, without a zone");
            }
            if (address instanceof Inet4Address) {
                return Target.refused("points to " + RefusedRange.IPV4_IN_IPV6.what); // ::ffff:a.b.c.d, read as IPv4 by Java
            }
            return new Target(refusal(address, "points to ", allowed), address, null);
        }
        InetAddress address = Hosts.literal(host);
        if (address != null) {
            return new Target(refusal(address, "points to ", allowed), address, null);
        }
        if (Hosts.isNumeric(host)) {
            return Target.refused(NUMERIC);
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return new Target(allowed.allowsHost(name) ? null : nameRefusal(name), null, name);
    }

    private static String nameRefusal(String name) {
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return "points to a loopback host name" + ALLOW_HINT;
        }
        int dot = name.indexOf('.');
        if (METADATA_LABELS.contains(dot < 0 ? name : name.substring(0, dot))) {
            return "points to a cloud metadata host name" + ALLOW_HINT;
        }
        return null;
    }

    private static String refusal(InetAddress address, String verb, Allowlist allowed) {
        RefusedRange range = RefusedRange.of(address);
        if (range == null || allowed.allows(address, range)) {
            return null;
        }
        return verb + range.what + (range == RefusedRange.IPV4_IN_IPV6 ? "" : ALLOW_HINT);
    }
}

package io.huibo.rest.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed authentications per source address, an IPv6 one counted by its /64 (what one host is
 * given): a token bucket each, which every failure spends from. While an address's bucket is
 * empty, the API refuses it before reading its body or the database. At most
 * {@code maxAddresses} buckets are kept; one left alone until it would be full again is forgotten,
 * which loses nothing.
 */
final class FailedAuthThrottle {
    /** An IP literal as a servlet container reports the peer: parsing it asks no DNS server. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z._-]+)?");

    private final double perSecond;
    private final double burst;
    private final Cache<String, TokenBucket> buckets;

    FailedAuthThrottle(double perSecond, int burst, long maxAddresses) {
        if (perSecond <= 0 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("authFailuresPerSecond must be above 0, authFailureBurst and"
                    + " authFailureAddresses at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder().maximumSize(maxAddresses)
                .expireAfterAccess(Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9)))
                .executor(Runnable::run).build();
    }

    /** @return 0 if {@code remoteAddress} may try now, else the whole seconds until it may */
    long secondsUntilAllowed(String remoteAddress, long nowNanos) {
        TokenBucket bucket = buckets.getIfPresent(source(remoteAddress));
        return bucket == null ? 0 : bucket.secondsUntilToken(nowNanos);
    }

    /** Counts a failed authentication from {@code remoteAddress}. */
    void failed(String remoteAddress, long nowNanos) {
        buckets.get(source(remoteAddress), k -> new TokenBucket(perSecond, burst, nowNanos)).take(nowNanos);
    }

    /** Addresses with a bucket now. */
    long addresses() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    /** The address, or for IPv6 its /64; an IPv4-mapped IPv6 address is its IPv4 address. */
    static String source(String remoteAddress) {
        if (remoteAddress == null || !IP_LITERAL.matcher(remoteAddress).matches()) {
            return String.valueOf(remoteAddress);
        }
        try {
            InetAddress address = InetAddress.getByName(remoteAddress);
            if (address instanceof Inet6Address) {
                byte[] bytes = address.getAddress();
                return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
            }
            return address.getHostAddress();
        } catch (UnknownHostException e) {
            return remoteAddress;
        }
    }
}

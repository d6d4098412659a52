package io.huibo.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Which URLs Huibo may POST events to, so that a tenant cannot aim it at the install's own
 * network: only http and https, no user name or password, a host given as a name or a plain
 * dotted-quad or bracketed IPv6 address, and never a loopback, link-local, unspecified,
 * multicast, broadcast or cloud metadata address; private ranges only where the operator allows
 * them ({@code allowedNetworks} in {@code etc/io.huibo.webhook.cfg}). Whoever accepts a URL asks
 * here; the sender asks again for the addresses the host resolves to when it sends. Implemented
 * by the webhook bundle.
 */
@ProviderType
public interface WebhookUrlPolicy {

    /**
     * Why events may not be sent to {@code url}, judged by its text alone (no DNS lookup), as a
     * phrase that follows the field's name ("must be an absolute http or https URL"); empty when
     * they may.
     */
    Optional<String> refusal(String url);
}

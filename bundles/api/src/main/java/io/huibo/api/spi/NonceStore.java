package io.huibo.api.spi;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nonces of signed API requests, kept persistently for as long as their timestamps could be
 * accepted, so a captured request sent again is refused, after a restart and on any node.
 * Implemented by the store bundle; the API records each authenticated request's nonce.
 */
@ProviderType
public interface NonceStore {

    /**
     * Records the key's nonce, forgetting those seen before {@code forgetBefore}.
     *
     * @return false if the key used this nonce before: a replay to refuse
     */
    boolean firstUse(String keyId, String nonce, Instant now, Instant forgetBefore);
}

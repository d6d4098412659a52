package io.huibo.api.adapter;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nonces of vendors' signed requests, kept persistently for as long as their timestamps could
 * be accepted, so a captured request sent again is refused, after a restart and on any node.
 * Implemented by the store bundle; the adapter host records each verified request's nonce.
 */
@ProviderType
public interface NonceLedger {

    /**
     * Records the vendor's nonce, forgetting those seen before {@code forgetBefore}.
     *
     * @return false if the vendor's requests used it before: a replay to refuse
     */
    boolean firstUse(String vendorId, String nonce, Instant now, Instant forgetBefore);
}

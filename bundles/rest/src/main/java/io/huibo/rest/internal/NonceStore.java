package io.huibo.rest.internal;

import java.time.Instant;

/** The nonces signed requests used, kept for as long as their timestamps could be accepted. */
interface NonceStore {

    /**
     * Records the key's nonce, forgetting those seen before {@code forgetBefore}.
     *
     * @return false if the key used this nonce before
     */
    boolean firstUse(String keyId, String nonce, Instant now, Instant forgetBefore);
}

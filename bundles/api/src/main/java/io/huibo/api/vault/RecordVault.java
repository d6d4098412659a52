package io.huibo.api.vault;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Seals what the database keeps that holds real numbers, under keys derived from the install's
 * master key: a copy of the database alone reveals none of them. The store provides it.
 */
@ProviderType
public interface RecordVault {

    /** {@code clear} encrypted with AES-256-GCM and a fresh nonce, as printable text. */
    String seal(String clear);

    /** @throws IllegalStateException if {@code sealed} was not sealed under this install's key */
    String open(String sealed);

    /**
     * A keyed hash (HMAC-SHA-256) of {@code clear}, equal for equal values on this install only:
     * what a column holds to look a number up, or to make it unique, without the number.
     */
    String hash(String clear);
}

package io.huibo.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** The durable record of spent button tokens, so that each places one callback. Implemented by the store bundle. */
@ProviderType
public interface ButtonTokenStore {

    /**
     * Records the token as spent, unless it already is; atomic across threads and nodes sharing
     * the database. Records of tokens expired before {@code now} may be forgotten: they are refused anyway.
     *
     * @return false if the token was spent before
     */
    boolean spend(String tokenId, String tenantId, Instant expiresAt, Instant now);

    /** Forgets that the token was spent, when the callback it was spent on could not be placed. */
    void giveBack(String tokenId);
}

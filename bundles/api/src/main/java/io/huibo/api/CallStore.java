package io.huibo.api;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Durable call records, to read. The engine writes them through {@code io.huibo.api.spi.CallWriter}. Implemented by the store bundle. */
@ProviderType
public interface CallStore {

    Optional<Call> find(String id);

    /**
     * The tenant's calls created in [{@code since}, {@code until}) (either may be null for no
     * bound), newest first, at most {@code limit}, continuing after {@code cursor} (the
     * {@link CallPage#next()} of the page before; null for the first page).
     *
     * @throws IllegalArgumentException for a cursor this store did not make
     */
    CallPage list(String tenantId, Instant since, Instant until, int limit, String cursor);

    /** The tenant's calls from {@code from} to {@code to} created since {@code since}, not counting blocked attempts. */
    int countSince(String tenantId, PhoneNumber from, PhoneNumber to, Instant since);
}

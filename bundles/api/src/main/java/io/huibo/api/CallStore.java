package io.huibo.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Durable call records. Implemented by the store bundle. */
@ProviderType
public interface CallStore {

    /** Stores the call as it stands now, replacing what was stored under its id. */
    void save(Call call);

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

    /**
     * Closes every call not yet ended, as the engine does at start-up for the calls a crash left
     * open: each ends {@code failed}, hung up by {@code system}, at {@code now}.
     *
     * @return the calls closed, as they now stand
     */
    List<Call> closeUnfinished(Instant now);
}

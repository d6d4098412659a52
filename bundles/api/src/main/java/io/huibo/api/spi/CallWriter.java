package io.huibo.api.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.huibo.api.Call;
import io.huibo.api.CallStore;

/** The writes of durable call records, which the engine alone makes; {@link CallStore} reads them. Implemented by the store bundle. */
@ProviderType
public interface CallWriter {

    /** Stores the call as it stands now, replacing what was stored under its id. */
    void save(Call call);

    /** Stores each call as {@link #save} does, all in one transaction. */
    void saveAll(Collection<Call> calls);

    /**
     * Closes every call not yet ended, as the engine does at start-up for the calls a crash left
     * open: each ends {@code failed}, hung up by {@code system}, at {@code now}.
     *
     * @return the calls closed, as they now stand
     */
    List<Call> closeUnfinished(Instant now);
}

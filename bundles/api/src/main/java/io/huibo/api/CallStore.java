package io.huibo.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Durable call records. Implemented by the store bundle. */
@ProviderType
public interface CallStore {

    /** Stores the call as it stands now, replacing what was stored under its id. */
    void save(Call call);

    Optional<Call> find(String id);
}

package io.huibo.api;

import org.osgi.annotation.versioning.ProviderType;

/** Places masked callbacks. Implemented by the call engine. */
@ProviderType
public interface CallbackService {

    /**
     * Starts a callback and returns it as it stands right after the first INVITE went out
     * (or after it failed to). Progress is stored in the {@link CallStore}.
     *
     * @throws CallbackRejectedException if the request cannot be placed at all
     */
    Call place(CallbackRequest request);

    /**
     * Ends a callback in progress: cancels the leg that rings, hangs up the legs that answered.
     * The call ends with {@code hangupBy: api}.
     *
     * @return false if no call with this id is in progress here
     */
    boolean hangUp(String id);

    /** The engine's health and load right now. */
    EngineStatus status();
}

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
}

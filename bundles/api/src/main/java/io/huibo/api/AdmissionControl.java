package io.huibo.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether the call engine takes new calls now. Implemented by the engine; asked by whoever
 * starts callbacks before the costly part of a request (authentication, the store), so that a
 * saturated engine sheds new work at the door and the calls it already admitted keep their pace.
 */
@ProviderType
public interface AdmissionControl {

    /**
     * Why new calls are being shed right now, or empty while they are admitted. Reads memory
     * only: cheap enough to ask for every request before authenticating it.
     */
    Optional<Overload> overload();
}

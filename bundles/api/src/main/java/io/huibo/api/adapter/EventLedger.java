package io.huibo.api.adapter;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Remembers the vendor events an adapter has acted on, persistently, so a duplicate (a retried
 * webhook, a resent HL7 message) is recognised and never places a second call.
 */
@ProviderType
public interface EventLedger {

    /** Records the event. @return false if it was recorded before: a duplicate to ignore */
    boolean firstTime(String vendorId, String eventId);

    /** Forgets an event whose handling failed, so the vendor's retry is acted on. */
    void forget(String vendorId, String eventId);
}

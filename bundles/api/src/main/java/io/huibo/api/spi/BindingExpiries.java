package io.huibo.api.spi;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The mark of bindings whose expiry was announced: a binding expires in the database at its
 * second with no event, so the webhooks look for expiries not marked yet and announce each once.
 * Implemented by the store bundle, with the {@link WebhookOutbox} that queues the announcement.
 */
@ProviderType
public interface BindingExpiries {

    /**
     * The ids of bindings that expired in ({@code notBefore}, {@code now}], not deleted and not
     * marked, soonest expired first.
     */
    List<String> unmarked(Instant now, Instant notBefore);

    /**
     * Marks the binding's expiry announced and queues {@code announcement} in the
     * {@link WebhookOutbox}, in one transaction.
     *
     * @return false, queueing nothing, when a delete, an extension or another mark got there first
     */
    boolean mark(String bindingId, WebhookOutbox.Batch announcement);
}

package io.huibo.api.spi;

import java.time.Duration;
import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The first answer to each {@code Idempotency-Key} of a tenant, for {@link #KEPT}. A key is
 * claimed before its request runs, so two requests racing with one key cannot both act: the
 * second learns the first is still in progress. A request that failed on the server's side
 * releases its key, so the client may try again. An answer is replayed only to the API key that
 * got it, as it was rendered with that key's rights: another API key of the tenant sending the
 * same Idempotency-Key is refused, whatever its body. Implemented by the store bundle, which
 * keeps the answers sealed, as they may hold numbers whole.
 */
@ProviderType
public interface IdempotencyStore {
    Duration KEPT = Duration.ofHours(24);

    /** What to do with a request that carries a key. */
    sealed interface Claim {
    }

    /** The key is new: run the request, then {@link #complete} or {@link #release} it. */
    record Proceed() implements Claim {
    }

    /** The key answered this request before: send this again. */
    record Replay(int status, String location, String body) implements Claim {
    }

    /** The key may not run or replay this request, for the reason given. */
    record Refused(Why why) implements Claim {
    }

    enum Why {
        /** The first request with the key has not finished yet. */
        IN_PROGRESS,
        /** The key was used for another request. */
        OTHER_REQUEST,
        /** The key was used by another API key. */
        OTHER_API_KEY
    }

    /**
     * Claims {@code key} of the tenant for the API key's request, in one transaction with
     * forgetting the key's use older than {@link #KEPT}. The owner is checked before the request,
     * so another API key learns nothing of the first request, not even whether it was the same.
     *
     * @param requestHash what identifies the request: the same request sent again has the same
     */
    Claim claim(String tenantId, String apiKeyId, String key, String requestHash, Instant now);

    /** Keeps the answer the claimed request got, to be replayed to the API key that claimed it. */
    void complete(String tenantId, String apiKeyId, String key, int status, String location, String body);

    /** Frees the key of a request the server failed, so a retry runs it afresh. */
    void release(String tenantId, String apiKeyId, String key);
}

package io.huibo.api;

import java.time.Instant;
import java.util.Set;

/** A tenant's API key as anyone may see it: its id and rights, never its secret. */
public record ApiKey(String id, String tenantId, Set<Right> rights, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        rights = Set.copyOf(rights);
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    /** Whether the key holds {@code right}, {@link Right#ADMIN} holding all but {@link Right#OPERATOR}. */
    public boolean may(Right right) {
        return rights.contains(right) || (right != Right.OPERATOR && rights.contains(Right.ADMIN));
    }
}

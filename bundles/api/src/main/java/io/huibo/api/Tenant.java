package io.huibo.api;

import java.time.Instant;

/**
 * A customer of Huibo (an ERP vendor or a merchant group): it owns its numbers, bindings, calls
 * and API keys, and sees no one else's. {@code region} is the ISO 3166 region its national-format
 * numbers are read in; {@code webhookUrl} receives its events unless a request names its own.
 * A revoked tenant keeps its records; its keys no longer authenticate.
 */
public record Tenant(String id, String name, String region, String webhookUrl, Instant createdAt, Instant revokedAt) {

    /** The tenant that owns what was made before tenants existed, and what a single-tenant install makes. */
    public static final String DEFAULT = "default";

    public boolean isActive() {
        return revokedAt == null;
    }
}

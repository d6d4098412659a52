package io.huibo.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Tenants and their API keys, persisted. Secrets (a key's, a tenant's webhook secret) are made
 * here, shown once in an {@link Issued}, stored encrypted, and used only inside: callers ask this
 * service to check a signature or to sign, so no other bundle ever holds one. Implemented by the
 * store bundle.
 */
@ProviderType
public interface TenantService {

    /**
     * Creates a tenant with a new webhook secret.
     *
     * @param id letters, digits, {@code -} and {@code _}, at most 40
     * @throws TenantException CONFLICT if the id is taken, INVALID_REQUEST for a bad id or region
     */
    Issued<Tenant> createTenant(String id, String name, String region, String webhookUrl);

    /**
     * Renames a tenant or changes its default webhook URL (null for none).
     *
     * @throws TenantException NOT_FOUND if the tenant is unknown
     */
    Tenant updateTenant(String id, String name, String webhookUrl);

    /** Every tenant, revoked ones included, by id. */
    List<Tenant> tenants();

    Optional<Tenant> tenant(String id);

    /** Revokes the tenant and all its keys; its records stay. @return false if unknown or revoked already */
    boolean revokeTenant(String id);

    /**
     * Creates a key of an active tenant with a new secret.
     *
     * @throws TenantException NOT_FOUND if the tenant is unknown or revoked, INVALID_REQUEST without rights
     */
    Issued<ApiKey> createKey(String tenantId, Set<Right> rights);

    /**
     * Creates or replaces the key {@code keyId} with the given secret and rights, as an install's
     * {@code etc/} declares it; the tenant is created (region CN, no webhook URL) if it does not exist.
     *
     * @throws TenantException INVALID_REQUEST for a bad id, a secret shorter than 16 characters, or no rights
     */
    ApiKey putKey(String tenantId, String keyId, String secret, Set<Right> rights);

    /** The tenant's keys, revoked ones included, oldest first. */
    List<ApiKey> keys(String tenantId);

    /** @return false if the key is unknown or revoked already */
    boolean revokeKey(String keyId);

    /**
     * The active key of an active tenant whose secret signs {@code message} as {@code signature}
     * (HMAC-SHA256), compared in constant time; empty for an unknown or revoked key or a bad signature.
     */
    Optional<ApiKey> verify(String keyId, byte[] message, byte[] signature);

    /** HMAC-SHA256 of {@code body} with the tenant's webhook secret, in Base64. */
    String signWebhook(String tenantId, byte[] body);
}

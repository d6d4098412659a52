package io.huibo.api;

import java.time.Instant;

/** A virtual number X of a tenant's pool, with its area code ({@code city}, e.g. 0571) and store. */
public record PoolNumber(PhoneNumber number, String tenantId, String city, String storeId, Instant addedAt) {
}

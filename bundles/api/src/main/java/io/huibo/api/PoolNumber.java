package io.huibo.api;

import java.time.Instant;

/** A virtual number X of the pool, with its area code ({@code city}, e.g. 0571) and store. */
public record PoolNumber(PhoneNumber number, String city, String storeId, Instant addedAt) {
}

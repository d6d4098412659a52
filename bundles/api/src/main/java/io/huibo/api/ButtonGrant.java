package io.huibo.api;

import java.time.Instant;

/**
 * What one button token allows: one callback within {@code scope}, for {@code tenantId}, until
 * {@code expiresAt}. {@code id} is unique per token, so that it can be used only once;
 * {@code display} is null for the default (or, for a binding, its X).
 */
public record ButtonGrant(String id, String tenantId, ButtonScope scope, PhoneNumber display, Instant expiresAt) {
}

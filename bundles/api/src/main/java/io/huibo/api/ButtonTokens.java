package io.huibo.api;

import java.time.Duration;
import java.util.function.Function;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Short-lived, single-purpose tokens for the ERP page's call button: an ERP backend mints one
 * with its own credentials, the page holds only the token, and the token places one callback.
 * Implemented by the web bundle.
 */
@ProviderType
public interface ButtonTokens {

    /**
     * A token for one callback within {@code scope}, valid for {@code ttl}.
     *
     * @param display the number both parties see; null for the default (for a binding, its X)
     * @throws ButtonTokenException INVALID_REQUEST for a time to live out of range, NOT_FOUND for a
     *         binding that is not active
     */
    ButtonToken mint(String tenantId, ButtonScope scope, PhoneNumber display, Duration ttl);

    /**
     * Checks the token and spends it on {@code use}, which places the callback. A token is spent
     * once, across restarts; when {@code use} throws, the token is given back unspent.
     *
     * @throws ButtonTokenException INVALID_TOKEN, TOKEN_EXPIRED or TOKEN_USED
     */
    <T> T redeem(String token, Function<ButtonGrant, T> use);
}

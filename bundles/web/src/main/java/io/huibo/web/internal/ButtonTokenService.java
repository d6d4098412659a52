package io.huibo.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.BindingService;
import io.huibo.api.ButtonGrant;
import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonToken;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokenException.Reason;
import io.huibo.api.ButtonTokenStore;
import io.huibo.api.ButtonTokens;
import io.huibo.api.PhoneNumber;

/**
 * Mints button tokens as sealed grants and spends each once: the seal makes them unforgeable and
 * unreadable to the page, the {@link ButtonTokenStore} keeps them single-use across restarts.
 */
@Component(service = ButtonTokens.class, configurationPid = "io.huibo.button")
public class ButtonTokenService implements ButtonTokens {
    private final TokenCodec codec;
    private final ButtonTokenStore spent;
    private final BindingService bindings;
    private final Clock clock;
    private final Duration maxTtl;

    @Activate
    public ButtonTokenService(@Reference ButtonKeys keys, @Reference ButtonTokenStore spent,
            @Reference BindingService bindings, ButtonConfig config) {
        this(new TokenCodec(keys), spent, bindings, Clock.systemUTC(), Duration.ofSeconds(config.maxTtlSeconds()));
    }

    ButtonTokenService(TokenCodec codec, ButtonTokenStore spent, BindingService bindings, Clock clock, Duration maxTtl) {
        this.codec = codec;
        this.spent = spent;
        this.bindings = bindings;
        this.clock = clock;
        this.maxTtl = maxTtl;
    }

    @Override
    public ButtonToken mint(String tenantId, ButtonScope scope, PhoneNumber display, Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(maxTtl) > 0) {
            throw new ButtonTokenException(Reason.INVALID_REQUEST,
                    "a button token lives from 1 to " + maxTtl.toSeconds() + " seconds");
        }
        Instant now = clock.instant();
        if (scope.isBinding()) {
            GrantCallbacks.callableBinding(bindings, tenantId, scope.bindingId(), now);
            if (display != null) {
                throw new ButtonTokenException(Reason.INVALID_REQUEST, "a binding's callback shows its X: give no display");
            }
        }
        ButtonGrant grant = new ButtonGrant(UUID.randomUUID().toString(), tenantId, scope, display, now.plus(ttl));
        return new ButtonToken(codec.seal(GrantJson.claims(grant)), grant.expiresAt());
    }

    @Override
    public <T> T redeem(String token, Function<ButtonGrant, T> use) {
        ButtonGrant grant = GrantJson.grant(codec.open(token));
        Instant now = clock.instant();
        if (!now.isBefore(grant.expiresAt())) {
            throw new ButtonTokenException(Reason.TOKEN_EXPIRED, "this call button has expired; reload the page");
        }
        if (!spent.spend(grant.id(), grant.tenantId(), grant.expiresAt(), now)) {
            throw new ButtonTokenException(Reason.TOKEN_USED, "this call button has already placed its call");
        }
        try {
            return use.apply(grant);
        } catch (RuntimeException e) {
            spent.giveBack(grant.id());
            throw e;
        }
    }
}

package io.huibo.rest.internal;

import static io.huibo.rest.internal.JsonFields.integer;
import static io.huibo.rest.internal.JsonFields.number;
import static io.huibo.rest.internal.JsonFields.string;

import java.time.Duration;

import com.google.gson.JsonObject;

import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonToken;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokens;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;

/**
 * {@code POST /api/v1/button-tokens}: the ERP backend mints a token for one call button, scoped
 * to a pair of numbers ({@code from}, {@code to}) or to a binding ({@code bindingId}), for the
 * caller's tenant. Placing calls is what a token allows, so minting one takes the calls right.
 */
final class ButtonTokensResource implements Resource {
    private static final int DEFAULT_TTL_SECONDS = 300;

    private final ButtonTokens tokens;

    ButtonTokensResource(ButtonTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Right right() {
        return Right.CALLS;
    }

    @Override
    public Reply handle(String method, String subPath, ApiRequest request) {
        if (!subPath.isEmpty()) {
            throw ApiException.notFound("button tokens are not resources to read back");
        }
        ApiException.requireMethod(method, "POST");
        JsonObject body = request.jsonBody();
        String region = request.region();
        Integer ttlSeconds = integer(body, "ttlSeconds");
        PhoneNumber display = number(body, "display", region, false);
        ButtonToken token;
        try {
            token = tokens.mint(request.tenantId(), scope(body, region), display,
                    Duration.ofSeconds(ttlSeconds == null ? DEFAULT_TTL_SECONDS : ttlSeconds));
        } catch (ButtonTokenException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> ApiException.notFound(e.getMessage());
                default -> ApiException.invalidRequest(e.getMessage());
            };
        }
        JsonObject minted = new JsonObject();
        minted.addProperty("token", token.token());
        minted.addProperty("expiresAt", CallJson.time(token.expiresAt()));
        return Reply.created(minted, null);
    }

    private static ButtonScope scope(JsonObject body, String region) {
        String bindingId = string(body, "bindingId");
        boolean pair = body.has("from") || body.has("to");
        if ((bindingId == null) == !pair) {
            throw ApiException.invalidRequest("give either from and to, or bindingId");
        }
        return bindingId != null ? ButtonScope.binding(bindingId)
                : ButtonScope.pair(number(body, "from", region, true), number(body, "to", region, true));
    }
}

package io.huibo.web.internal;

import java.time.Instant;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.huibo.api.ButtonGrant;
import io.huibo.api.ButtonScope;
import io.huibo.api.PhoneNumber;

/** A grant as the claims sealed into its token, and back. */
final class GrantJson {

    private GrantJson() {
    }

    static JsonObject claims(ButtonGrant grant) {
        JsonObject claims = new JsonObject();
        claims.addProperty("id", grant.id());
        claims.addProperty("tenant", grant.tenantId());
        ButtonScope scope = grant.scope();
        if (scope.isBinding()) {
            claims.addProperty("binding", scope.bindingId());
        } else {
            claims.addProperty("from", scope.from().e164());
            claims.addProperty("to", scope.to().e164());
        }
        if (grant.display() != null) {
            claims.addProperty("display", grant.display().e164());
        }
        claims.addProperty("exp", grant.expiresAt().toEpochMilli());
        return claims;
    }

    static ButtonGrant grant(JsonObject claims) {
        ButtonScope scope = claims.has("binding") ? ButtonScope.binding(claims.get("binding").getAsString())
                : ButtonScope.pair(number(claims.get("from")), number(claims.get("to")));
        return new ButtonGrant(claims.get("id").getAsString(), claims.get("tenant").getAsString(), scope,
                claims.has("display") ? number(claims.get("display")) : null,
                Instant.ofEpochMilli(claims.get("exp").getAsLong()));
    }

    private static PhoneNumber number(JsonElement e164) {
        return PhoneNumber.ofE164(e164.getAsString());
    }
}

package io.huibo.web.internal;

import java.time.Instant;

import io.huibo.api.Binding;
import io.huibo.api.BindingService;
import io.huibo.api.ButtonGrant;
import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokenException.Reason;
import io.huibo.api.CallbackRequest;

/** The callback a spent grant places for its tenant: its pair of numbers, or its binding's A and B, shown X. */
final class GrantCallbacks {

    private GrantCallbacks() {
    }

    static CallbackRequest request(ButtonGrant grant, BindingService bindings, Instant now) {
        ButtonScope scope = grant.scope();
        if (!scope.isBinding()) {
            return CallbackRequest.builder(scope.from(), scope.to()).display(grant.display()).tenantId(grant.tenantId())
                    .build();
        }
        // looked up again: the binding may have ended or changed its B since the token was minted
        Binding binding = callableBinding(bindings, grant.tenantId(), scope.bindingId(), now);
        return CallbackRequest.builder(binding.a(), binding.b()).display(binding.x()).tenantId(grant.tenantId()).build();
    }

    /** The tenant's binding, if a callback can be placed on it now: active, and with a B to call. */
    static Binding callableBinding(BindingService bindings, String tenantId, String bindingId, Instant now) {
        // another tenant's binding is as unknown as a missing one
        Binding binding = bindings.find(bindingId).filter(b -> b.tenantId().equals(tenantId) && b.isActive(now))
                .orElseThrow(() -> new ButtonTokenException(Reason.NOT_FOUND, "no active binding " + bindingId));
        if (binding.b() == null) {
            throw new ButtonTokenException(Reason.INVALID_REQUEST, "binding " + bindingId + " is AXN: it has no B to call");
        }
        return binding;
    }
}

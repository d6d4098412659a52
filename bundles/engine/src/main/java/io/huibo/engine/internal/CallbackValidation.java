package io.huibo.engine.internal;

import io.huibo.api.CallKind;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.CallbackRequest;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;

/**
 * The first stage of a callback, validate: the number it shows must be the tenant's, its two
 * parties two numbers, its limits within bounds. What passes is the call's {@link EngineCall.Parties}.
 */
final class CallbackValidation {
    private static final int MAX_RING_SECONDS = 300;
    private static final int MAX_CALL_SECONDS = 24 * 3600;

    private CallbackValidation() {
    }

    /**
     * @param pool null while the binding bundle is away
     * @throws CallbackRejectedException INVALID_NUMBER or INVALID_REQUEST, or OVERLOADED without a pool
     */
    static EngineCall.Parties validate(CallbackRequest request, EngineSettings s, NumberPool pool) {
        PhoneNumber display = DisplayNumbers.choose(pool, request.tenantId(), request.display(), s.displayNumbers());
        if (request.from().equals(request.to())) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, "from and to are the same number");
        }
        int ring = bounded("ringTimeoutSeconds", request.ringTimeoutSeconds(), s.ringTimeoutSeconds(), MAX_RING_SECONDS);
        int max = bounded("maxDurationSeconds", request.maxDurationSeconds(), s.maxDurationSeconds(), MAX_CALL_SECONDS);
        return new EngineCall.Parties(EngineCall.newId(), request.tenantId(), CallKind.CALLBACK, null, request.from(),
                request.to(), display, request.userData(), request.statusCallbackUrl(), ring, max);
    }

    private static int bounded(String name, Integer requested, int fallback, int max) {
        int value = requested != null ? requested : fallback;
        if (value < 1 || value > max) {
            throw new CallbackRejectedException(Reason.INVALID_REQUEST, name + " must be between 1 and " + max);
        }
        return value;
    }
}

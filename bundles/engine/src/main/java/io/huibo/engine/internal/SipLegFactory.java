package io.huibo.engine.internal;

import io.huibo.api.PhoneNumber;

/** Makes outbound legs that call {@code callee} showing only {@code display} as the caller. */
interface SipLegFactory {

    SipLeg create(PhoneNumber callee, PhoneNumber display, LegListener listener);
}

package io.huibo.engine.internal;

import io.huibo.api.PhoneNumber;

/** Makes outbound legs that call {@code callee} showing only {@code display} as the caller. */
interface SipLegFactory {

    OutboundLeg create(PhoneNumber callee, PhoneNumber display, LegListener listener);
}

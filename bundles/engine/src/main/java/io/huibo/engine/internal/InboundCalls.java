package io.huibo.engine.internal;

import javax.sip.ServerTransaction;

import io.huibo.api.PhoneNumber;

/** Who decides what becomes of a call that the trunk offers to a virtual number. */
interface InboundCalls {

    /** {@code caller} dialled {@code x}; answer {@code invite} (relay it, or refuse it) before returning. */
    void offered(ServerTransaction invite, PhoneNumber caller, PhoneNumber x);
}

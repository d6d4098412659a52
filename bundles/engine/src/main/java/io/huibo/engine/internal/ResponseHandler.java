package io.huibo.engine.internal;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/** Whoever sent a request: the application data of its client transaction. */
interface ResponseHandler {

    void handleResponse(Response response, ClientTransaction transaction);

    /** The request got no response at all (RFC 3261 Timer B or F). */
    void handleTimeout(ClientTransaction transaction);
}

package io.huibo.engine.internal;

import java.text.ParseException;
import java.util.UUID;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.PhoneNumber;

/**
 * The leg of a caller who dialled a virtual number: Huibo answers their INVITE. Its responses
 * are Huibo's own, with a Contact that names nobody; nothing of the party it is relayed to
 * crosses but anonymised SDP.
 */
final class InboundLeg extends DialogLeg {
    private static final Logger LOG = LoggerFactory.getLogger(InboundLeg.class);

    /** What only the answering side of a call hears from its caller. */
    interface Listener extends LegListener {
        /** The caller gave up before an answer: already answered 487. */
        void onCancelled(InboundLeg leg);

        /** The caller's ACK to our 2xx; {@code sdp} is the answer when our 2xx held the offer. */
        void onAcknowledged(InboundLeg leg, String sdp);
    }

    private final ServerTransaction invite;
    private final PhoneNumber caller;
    private final Listener relay;
    private final String localTag = UUID.randomUUID().toString().substring(0, 8);
    private boolean finalSent;
    private boolean answered;
    private boolean acknowledged;

    InboundLeg(SipEndpoint endpoint, String transport, ServerTransaction invite, PhoneNumber caller, Listener listener) {
        super(endpoint, transport, listener);
        this.invite = invite;
        this.caller = caller;
        this.relay = listener;
        invite.setApplicationData(this);
        attach(invite.getDialog());
    }

    @Override
    protected String party() {
        return caller.toString();
    }

    /** The caller's SDP offer, null for an offerless INVITE. */
    String offer() {
        return body(invite.getRequest());
    }

    /** Passes on the called party's ringing (180) or early media (183 with SDP). */
    void provisional(int status, String sdp) throws SignallingException {
        synchronized (listener) {
            if (!finalSent) {
                respond(status, sdp);
            }
        }
    }

    /** Answers the caller 200, with the called party's SDP. */
    void answer(String sdp) throws SignallingException {
        synchronized (listener) {
            if (!finalSent) {
                finalSent = true;
                answered = true;
                respond(Response.OK, sdp);
            }
        }
    }

    /** Refuses the call with {@code status}, unless it was answered already. */
    void reject(int status) throws SignallingException {
        synchronized (listener) {
            if (!finalSent) {
                finalSent = true;
                respond(status, null);
            }
        }
    }

    private void respond(int status, String sdp) throws SignallingException {
        try {
            Response response = endpoint.messages.createResponse(status, invite.getRequest());
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(localTag);
            if (status < 300) {
                setContact(response);
            }
            if (sdp != null && status > 100 && status < 300) {
                setSdp(response, sdp);
            }
            invite.sendResponse(response);
        } catch (ParseException | InvalidArgumentException | SipException e) {
            throw new SignallingException("cannot answer " + caller + " " + status, e);
        }
    }

    /** The caller's CANCEL: 200 to it, 487 to the INVITE unless already answered. */
    void handleCancel(Request cancel, ServerTransaction transaction) throws InvalidArgumentException,
            ParseException {
        synchronized (listener) {
            answerOk(cancel, transaction);
            if (!finalSent) {
                try {
                    reject(Response.REQUEST_TERMINATED);
                } catch (SignallingException e) {
                    LOG.debug("Could not answer 487 to {}", caller, e);
                }
                relay.onCancelled(this);
            }
        }
    }

    @Override
    void handleAck(Request request) {
        synchronized (listener) {
            if (answered && !acknowledged) {
                acknowledged = true;
                relay.onAcknowledged(this, body(request));
            } else {
                super.handleAck(request);
            }
        }
    }
}

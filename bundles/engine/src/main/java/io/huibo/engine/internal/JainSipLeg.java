package io.huibo.engine.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.PhoneNumber;

/**
 * One outbound INVITE dialog over JAIN-SIP. The callee sees the display number in From and
 * P-Asserted-Identity, a Call-ID and Contact that name nobody, and never the other party.
 * Incoming events run under the listener's lock, so they are ordered with the call's own actions.
 */
final class JainSipLeg implements SipLeg {
    private static final Logger LOG = LoggerFactory.getLogger(JainSipLeg.class);
    private static final int MAX_FORWARDS = 70;

    private final SipEndpoint endpoint;
    private final DialPlan.Peer peer;
    private final PhoneNumber callee;
    private final PhoneNumber display;
    private final LegListener listener;

    private ClientTransaction invite;
    private Dialog dialog;
    private boolean provisionalSeen;
    private boolean cancelPending;
    private boolean finalSeen;
    private long answeredCSeq = -1;
    private Request ack;

    JainSipLeg(SipEndpoint endpoint, DialPlan.Peer peer, PhoneNumber callee, PhoneNumber display,
            LegListener listener) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.callee = callee;
        this.display = display;
        this.listener = listener;
    }

    @Override
    public void invite(String sdpOffer) throws SignallingException {
        synchronized (listener) {
            try {
                Request request = buildInvite(sdpOffer);
                invite = endpoint.provider.getNewClientTransaction(request);
                invite.setApplicationData(this);
                dialog = invite.getDialog();
                dialog.setApplicationData(this);
                invite.sendRequest();
                LOG.debug("INVITE sent to {} at {}:{}", callee, peer.host(), peer.port());
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot invite " + callee, e);
            }
        }
    }

    private Request buildInvite(String sdpOffer) throws ParseException, InvalidArgumentException {
        SipURI target = endpoint.addresses.createSipURI(callee.e164(), peer.host());
        target.setPort(peer.port());
        target.setTransportParam(endpoint.transport);
        SipURI shown = endpoint.addresses.createSipURI(display.e164(), endpoint.host);
        Address shownAddress = endpoint.addresses.createAddress(shown);

        CallIdHeader callId = endpoint.headers.createCallIdHeader(UUID.randomUUID() + "@" + endpoint.host);
        CSeqHeader cseq = endpoint.headers.createCSeqHeader(1L, Request.INVITE);
        FromHeader from = endpoint.headers.createFromHeader(shownAddress, UUID.randomUUID().toString().substring(0, 8));
        ToHeader to = endpoint.headers.createToHeader(endpoint.addresses.createAddress(
                endpoint.addresses.createSipURI(callee.e164(), peer.host())), null);
        ViaHeader via = endpoint.headers.createViaHeader(endpoint.host, endpoint.port, endpoint.transport, null);
        Request request = endpoint.messages.createRequest(target, Request.INVITE, callId, cseq, from, to,
                List.of(via), endpoint.headers.createMaxForwardsHeader(MAX_FORWARDS));
        request.addHeader(endpoint.headers.createContactHeader(endpoint.contact()));
        request.addHeader(endpoint.headers.createHeader("P-Asserted-Identity", "<" + shown + ">"));
        endpoint.addAllow(request);
        if (sdpOffer != null) {
            request.setContent(sdpOffer, endpoint.headers.createContentTypeHeader("application", "sdp"));
        }
        return request;
    }

    @Override
    public void ack(String sdpAnswer) throws SignallingException {
        synchronized (listener) {
            if (ack != null || answeredCSeq < 0) {
                return;
            }
            try {
                Request request = dialog.createAck(answeredCSeq);
                if (sdpAnswer != null) {
                    request.setContent(sdpAnswer, endpoint.headers.createContentTypeHeader("application", "sdp"));
                }
                dialog.sendAck(request);
                ack = request;
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot acknowledge " + callee, e);
            }
        }
    }

    @Override
    public void bye() throws SignallingException {
        synchronized (listener) {
            try {
                Request bye = dialog.createRequest(Request.BYE);
                ClientTransaction transaction = endpoint.provider.getNewClientTransaction(bye);
                transaction.setApplicationData(this);
                dialog.sendRequest(transaction);
            } catch (SipException e) {
                throw new SignallingException("cannot hang up " + callee, e);
            }
        }
    }

    @Override
    public void cancel() throws SignallingException {
        synchronized (listener) {
            if (finalSeen) {
                return;
            }
            if (!provisionalSeen) {
                cancelPending = true; // RFC 3261 §9.1: no CANCEL before a provisional response
                return;
            }
            try {
                sendCancel();
            } catch (SipException e) {
                throw new SignallingException("cannot cancel " + callee, e);
            }
        }
    }

    void handleResponse(Response response, ClientTransaction transaction) {
        synchronized (listener) {
            if (!Request.INVITE.equals(SipEndpoint.methodOf(response))) {
                return; // answers to our BYE or CANCEL need nothing more
            }
            int status = response.getStatusCode();
            if (status < 200) {
                provisionalSeen = true;
                if (cancelPending) {
                    cancelPending = false;
                    try {
                        sendCancel();
                    } catch (SipException e) {
                        LOG.warn("Could not cancel the INVITE to {}", callee, e);
                    }
                }
                listener.onProvisional(this, status);
            } else if (status < 300) {
                answered(response);
            } else if (!finalSeen) {
                finalSeen = true;
                listener.onFailed(this, status);
            }
        }
    }

    private void answered(Response response) {
        if (finalSeen) {
            if (ack != null) {
                resendAck(); // our ACK was lost: the 2xx came again
            }
            return;
        }
        finalSeen = true;
        answeredCSeq = SipEndpoint.cseqOf(response);
        byte[] body = response.getRawContent();
        listener.onAnswered(this, body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
    }

    void handleBye(Request request, ServerTransaction transaction) throws SipException, InvalidArgumentException,
            ParseException {
        synchronized (listener) {
            transaction.sendResponse(endpoint.messages.createResponse(Response.OK, request));
            listener.onBye(this);
        }
    }

    void handleTimeout(ClientTransaction transaction) {
        synchronized (listener) {
            if (transaction == invite && !finalSeen) {
                finalSeen = true;
                listener.onFailed(this, Response.REQUEST_TIMEOUT);
            }
        }
    }

    private void sendCancel() throws SipException {
        endpoint.provider.getNewClientTransaction(invite.createCancel()).sendRequest();
    }

    private void resendAck() {
        try {
            dialog.sendAck(ack);
        } catch (SipException e) {
            LOG.debug("Could not resend the ACK to {}", callee, e);
        }
    }
}

package io.huibo.engine.internal;

import java.text.ParseException;
import java.util.List;
import java.util.UUID;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
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

import gov.nist.javax.sip.ClientTransactionExt;

import io.huibo.api.PhoneNumber;

/**
 * One outbound INVITE dialog over JAIN-SIP. The callee sees the display number in From and
 * P-Asserted-Identity, a Call-ID and Contact that name nobody, and never the other party.
 * It answers the trunk's digest challenges once, and carries re-INVITEs both ways. Incoming
 * events run under the listener's lock, so they are ordered with the call's own actions.
 */
final class JainSipLeg extends DialogLeg implements OutboundLeg {
    private static final Logger LOG = LoggerFactory.getLogger(JainSipLeg.class);
    private static final int MAX_FORWARDS = 70;
    private static final int AUTH_CACHE_SECONDS = 5;

    private final TrunkSettings trunk;
    private final DialPlan.Peer peer;
    private final PhoneNumber callee;
    private final PhoneNumber display;

    /** Our INVITE's transaction until its final answer; only a CANCEL or a challenge needs it. */
    private ClientTransaction invite;
    private long inviteCSeq;
    private boolean provisionalSeen;
    private boolean cancelPending;
    private boolean finalSeen;
    private boolean challenged;
    private long answeredCSeq = -1;
    private Request ack;
    /** SDP of a 18x (early media): the answer, if the 2xx comes without one (RFC 3261 §13.2.1). */
    private String earlySdp;


    JainSipLeg(SipEndpoint endpoint, TrunkSettings trunk, PhoneNumber callee, PhoneNumber display,
            LegListener listener) {
        super(endpoint, trunk.transport(), listener);
        this.trunk = trunk;
        this.peer = trunk.dialPlan().peerFor(callee);
        this.callee = callee;
        this.display = display;
    }

    @Override
    protected String party() {
        return callee.toString();
    }

    @Override
    public void invite(String sdpOffer) throws SignallingException {
        synchronized (listener) {
            try {
                send(buildInvite(sdpOffer));
                LOG.debug("INVITE sent to {} at {}:{}", callee, peer.host(), peer.port());
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot invite " + callee, e);
            }
        }
    }

    private void send(Request request) throws SipException {
        invite = endpoint.provider.getNewClientTransaction(request);
        inviteCSeq = SipEndpoint.cseqOf(request);
        invite.setApplicationData(this);
        attach(invite.getDialog());
        sendInvite();
    }

    /** Sends the INVITE transaction, whose retransmissions the endpoint counts for admission. */
    private void sendInvite() throws SipException {
        ((ClientTransactionExt) invite).setNotifyOnRetransmit(true);
        endpoint.retransmissions.invited();
        invite.sendRequest();
    }

    private Request buildInvite(String sdpOffer) throws ParseException, InvalidArgumentException {
        SipURI target = endpoint.addresses.createSipURI(callee.e164(), peer.host());
        target.setPort(peer.port());
        target.setTransportParam(trunk.transport());
        SipURI shown = endpoint.addresses.createSipURI(display.e164(), endpoint.host);
        Address shownAddress = endpoint.addresses.createAddress(shown);

        CallIdHeader callId = endpoint.headers.createCallIdHeader(UUID.randomUUID() + "@" + endpoint.host);
        CSeqHeader cseq = endpoint.headers.createCSeqHeader(1L, Request.INVITE);
        FromHeader from = endpoint.headers.createFromHeader(shownAddress, UUID.randomUUID().toString().substring(0, 8));
        ToHeader to = endpoint.headers.createToHeader(endpoint.addresses.createAddress(
                endpoint.addresses.createSipURI(callee.e164(), peer.host())), null);
        ViaHeader via = endpoint.headers.createViaHeader(endpoint.host, endpoint.portFor(trunk.transport()), trunk.transport(), null);
        Request request = endpoint.messages.createRequest(target, Request.INVITE, callId, cseq, from, to,
                List.of(via), endpoint.headers.createMaxForwardsHeader(MAX_FORWARDS));
        setContact(request);
        request.addHeader(endpoint.headers.createHeader("P-Asserted-Identity", "<" + shown + ">"));
        endpoint.addAllow(request);
        if (trunk.outboundProxy() != null) {
            SipURI proxy = endpoint.addresses.createSipURI(null, trunk.outboundProxy().host());
            proxy.setPort(trunk.outboundProxy().port());
            proxy.setLrParam();
            proxy.setTransportParam(trunk.transport());
            request.addHeader(endpoint.headers.createRouteHeader(endpoint.addresses.createAddress(proxy)));
        }
        if (sdpOffer != null) {
            setSdp(request, sdpOffer);
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
                    setSdp(request, sdpAnswer);
                }
                dialog.sendAck(request);
                ack = request;
                DialogMemory.releaseSetup(dialog);
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot acknowledge " + callee, e);
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

    @Override
    public void handleResponse(Response response, ClientTransaction transaction) {
        synchronized (listener) {
            if (!Request.INVITE.equals(SipEndpoint.methodOf(response))) {
                return; // answers to our BYE or CANCEL need nothing more
            }
            boolean ours = transaction != null && invite != null ? transaction == invite : SipEndpoint.cseqOf(response) == inviteCSeq;
            if (!ours) {
                super.handleResponse(response, transaction); // a re-INVITE's, or the INVITE a challenge replaced
                return;
            }
            int status = response.getStatusCode();
            if (status < 200) {
                provisionalSeen = true;
                if (status > 100 && body(response) != null) {
                    earlySdp = body(response);
                }
                if (cancelPending) {
                    cancelPending = false;
                    sendCancelQuietly();
                }
                listener.onProvisional(this, status, body(response));
            } else if (status < 300) {
                answered(response);
            } else if (!finalSeen && !answerChallenge(response)) {
                finalSeen = true;
                invite = null;
                listener.onFailed(this, status);
            }
        }
    }

    /** Answers a 401/407 from the trunk once with its credentials; a second one is a failure. */
    private boolean answerChallenge(Response response) {
        int status = response.getStatusCode();
        if ((status != Response.UNAUTHORIZED && status != Response.PROXY_AUTHENTICATION_REQUIRED)
                || challenged || !trunk.hasCredentials()) {
            return false;
        }
        challenged = true;
        try {
            ClientTransaction retry = endpoint.authentication(trunk)
                    .handleChallenge(response, invite, endpoint.provider, AUTH_CACHE_SECONDS, true);
            invite = retry;
            inviteCSeq = SipEndpoint.cseqOf(retry.getRequest());
            invite.setApplicationData(this);
            attach(retry.getDialog());
            provisionalSeen = false;
            sendInvite();
            return true;
        } catch (SipException e) {
            LOG.warn("Could not answer the trunk's challenge for {}", callee, e);
            return false;
        }
    }

    private void answered(Response response) {
        if (finalSeen) {
            if (ack != null) {
                resend(ack); // our ACK was lost: the 2xx came again
            }
            return;
        }
        finalSeen = true;
        invite = null;
        answeredCSeq = SipEndpoint.cseqOf(response);
        String sdp = body(response);
        String offer = sdp != null ? sdp : earlySdp;
        earlySdp = null;
        listener.onAnswered(this, offer);
    }

    @Override
    public void handleTimeout(ClientTransaction transaction) {
        synchronized (listener) {
            if (transaction == invite && !finalSeen) {
                finalSeen = true;
                invite = null;
                listener.onFailed(this, Response.REQUEST_TIMEOUT);
            } else {
                super.handleTimeout(transaction);
            }
        }
    }

    private void sendCancel() throws SipException {
        endpoint.provider.getNewClientTransaction(invite.createCancel()).sendRequest();
    }

    private void sendCancelQuietly() {
        try {
            sendCancel();
        } catch (SipException e) {
            LOG.warn("Could not cancel the INVITE to {}", callee, e);
        }
    }
}

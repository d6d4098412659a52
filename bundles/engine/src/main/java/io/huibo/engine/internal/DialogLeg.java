package io.huibo.engine.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every leg does on its confirmed dialog, whichever side started it: hang up, carry
 * re-INVITEs both ways (glare answered 491), and take the party's BYE. Subclasses set up the
 * dialog: {@link JainSipLeg} by calling out, {@link InboundLeg} by answering. Everything runs
 * under the listener's lock, so events are ordered with the call's own actions.
 */
abstract class DialogLeg implements SipLeg, ResponseHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DialogLeg.class);

    protected final SipEndpoint endpoint;
    protected final String transport;
    protected final LegListener listener;
    protected Dialog dialog;

    private ClientTransaction outgoingReInvite;
    private long reInviteAnsweredCSeq = -1;
    private Request reInviteAck;
    private ServerTransaction incomingReInvite;
    private boolean awaitingReInviteAck;

    DialogLeg(SipEndpoint endpoint, String transport, LegListener listener) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.listener = listener;
    }

    /** Who the leg is with, for log lines: masked. */
    protected abstract String party();

    /** Binds the dialog to this leg, so that its in-dialog requests come here. */
    protected void attach(Dialog newDialog) {
        dialog = newDialog;
        dialog.setApplicationData(this);
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
                throw new SignallingException("cannot hang up " + party(), e);
            }
        }
    }

    @Override
    public void reInvite(String sdp) throws SignallingException {
        synchronized (listener) {
            try {
                Request request = dialog.createRequest(Request.INVITE);
                setContact(request);
                if (sdp != null) {
                    setSdp(request, sdp);
                }
                outgoingReInvite = endpoint.provider.getNewClientTransaction(request);
                outgoingReInvite.setApplicationData(this);
                dialog.sendRequest(outgoingReInvite);
            } catch (ParseException | SipException e) {
                throw new SignallingException("cannot re-INVITE " + party(), e);
            }
        }
    }

    @Override
    public void ackReInvite(String sdpAnswer) throws SignallingException {
        synchronized (listener) {
            try {
                Request request = dialog.createAck(reInviteAnsweredCSeq);
                if (sdpAnswer != null) {
                    setSdp(request, sdpAnswer);
                }
                dialog.sendAck(request);
                reInviteAck = request;
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot acknowledge the re-INVITE of " + party(), e);
            }
        }
    }

    @Override
    public void answerReInvite(int status, String sdp) throws SignallingException {
        synchronized (listener) {
            if (incomingReInvite == null) {
                return;
            }
            try {
                Response response = endpoint.messages.createResponse(status, incomingReInvite.getRequest());
                if (status >= 200 && status < 300) {
                    setContact(response);
                    if (sdp != null) {
                        setSdp(response, sdp);
                    }
                    awaitingReInviteAck = true;
                }
                incomingReInvite.sendResponse(response);
            } catch (ParseException | InvalidArgumentException | SipException e) {
                throw new SignallingException("cannot answer the re-INVITE of " + party(), e);
            } finally {
                incomingReInvite = null;
            }
        }
    }

    /** A response to a request this leg sent on its dialog. */
    @Override
    public void handleResponse(Response response, ClientTransaction transaction) {
        synchronized (listener) {
            if (Request.INVITE.equals(SipEndpoint.methodOf(response))
                    && (transaction == null || transaction == outgoingReInvite)) {
                reInviteResponse(response, transaction);
            }
        }
    }

    @Override
    public void handleTimeout(ClientTransaction transaction) {
        synchronized (listener) {
            if (transaction == outgoingReInvite) {
                outgoingReInvite = null;
                listener.onReInviteAnswered(this, Response.REQUEST_TIMEOUT, null);
            }
        }
    }

    protected void reInviteResponse(Response response, ClientTransaction transaction) {
        int status = response.getStatusCode();
        long cseq = SipEndpoint.cseqOf(response);
        if (status < 200) {
            return;
        }
        if (cseq == reInviteAnsweredCSeq) {
            if (reInviteAck != null) {
                resend(reInviteAck); // our ACK was lost: the 2xx came again
            }
            return;
        }
        if (transaction == null && outgoingReInvite == null) {
            return; // a stray 2xx retransmission of a re-INVITE long done
        }
        outgoingReInvite = null;
        if (status < 300) {
            reInviteAnsweredCSeq = cseq;
            reInviteAck = null;
        }
        listener.onReInviteAnswered(this, status, status < 300 ? body(response) : null);
    }

    void handleBye(Request request, ServerTransaction transaction) throws InvalidArgumentException, ParseException {
        synchronized (listener) {
            answerOk(request, transaction);
            listener.onBye(this);
        }
    }

    /**
     * A 200 to a BYE or CANCEL, which takes effect whether or not the 200 arrives: over TCP the
     * party may close its connection the moment it has the answer, and the stack then fails after
     * sending it. The other party must be released all the same.
     */
    protected void answerOk(Request request, ServerTransaction transaction) throws InvalidArgumentException,
            ParseException {
        try {
            transaction.sendResponse(endpoint.messages.createResponse(Response.OK, request));
        } catch (SipException e) {
            LOG.debug("Could not answer the {} of {}; it takes effect all the same", request.getMethod(), party(), e);
        }
    }

    void handleReInvite(Request request, ServerTransaction transaction) throws SipException,
            InvalidArgumentException, ParseException {
        synchronized (listener) {
            if (outgoingReInvite != null || incomingReInvite != null) {
                // RFC 3261 §14.2: a re-INVITE while one is pending on this dialog is glare
                transaction.sendResponse(endpoint.messages.createResponse(Response.REQUEST_PENDING, request));
                return;
            }
            incomingReInvite = transaction;
            listener.onReInvite(this, body(request));
        }
    }

    /** An ACK on the dialog: for our 2xx to the party's re-INVITE, unless a subclass knows better. */
    void handleAck(Request request) {
        synchronized (listener) {
            if (awaitingReInviteAck) {
                awaitingReInviteAck = false;
                listener.onReInviteAcknowledged(this, body(request));
            }
        }
    }

    /** Our one Contact; in a re-INVITE it replaces the one the dialog put there. */
    protected void setContact(Message message) throws ParseException {
        message.setHeader(endpoint.headers.createContactHeader(endpoint.contact(transport)));
    }

    protected void setSdp(Message message, String sdp) throws ParseException {
        message.setContent(sdp, endpoint.headers.createContentTypeHeader("application", "sdp"));
    }

    protected static String body(Message message) {
        byte[] body = message.getRawContent();
        return body == null || body.length == 0 ? null : new String(body, StandardCharsets.UTF_8);
    }

    protected void resend(Request ackRequest) {
        try {
            dialog.sendAck(ackRequest);
        } catch (SipException e) {
            LOG.debug("Could not resend the ACK to {}", party(), e);
        }
    }
}

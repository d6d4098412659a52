package io.huibo.engine.internal;

import java.util.Properties;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import io.huibo.api.PhoneNumber;

/**
 * Owns the SIP stack: one listening point, one provider, and the only {@link SipListener}. It
 * hands responses, BYEs and timeouts to the {@link JainSipLeg} they belong to and answers
 * everything else itself.
 */
final class SipEndpoint implements SipListener, SipLegFactory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    private static final String[] ALLOWED =
            {Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL, Request.OPTIONS};

    final AddressFactory addresses = new AddressFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    final String host;
    final int port;
    final String transport;
    private final DialPlan dialPlan;
    private final SipStackImpl stack;
    private final ListeningPoint listeningPoint;
    final SipProvider provider;

    SipEndpoint(String host, int port, String transport, DialPlan dialPlan) throws SipException {
        this.host = host;
        this.port = port;
        this.transport = transport;
        this.dialPlan = dialPlan;
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "huibo-" + host + "-" + port);
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "WARN");
        try {
            stack = new SipStackImpl(properties);
            listeningPoint = stack.createListeningPoint(host, port, transport);
            provider = stack.createSipProvider(listeningPoint);
            provider.addSipListener(this);
            stack.start();
        } catch (InvalidArgumentException | java.util.TooManyListenersException e) {
            throw new SipException("cannot listen on " + host + ":" + port + "/" + transport, e);
        }
        LOG.info("SIP endpoint listening on {}:{}/{}", host, port, transport);
    }

    @Override
    public SipLeg create(PhoneNumber callee, PhoneNumber display, LegListener listener) {
        return new JainSipLeg(this, dialPlan.peerFor(callee), callee, display, listener);
    }

    /** Our Contact: a fixed user part that names nobody. */
    Address contact() throws java.text.ParseException {
        SipURI uri = addresses.createSipURI("huibo", host);
        uri.setPort(port);
        uri.setTransportParam(transport);
        return addresses.createAddress(uri);
    }

    /** One Allow header per method we take, as JAIN-SIP wants them. */
    void addAllow(javax.sip.message.Message message) throws java.text.ParseException {
        for (String method : ALLOWED) {
            message.addHeader(headers.createAllowHeader(method));
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        JainSipLeg leg = legOf(event.getClientTransaction(), event.getDialog());
        if (leg != null) {
            leg.handleResponse(event.getResponse(), event.getClientTransaction());
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        JainSipLeg leg = legOf(null, event.getDialog());
        try {
            switch (method) {
                case Request.ACK -> { /* we never answer INVITEs with 2xx; nothing to confirm */ }
                case Request.BYE -> {
                    if (leg != null) {
                        leg.handleBye(request, serverTransaction(event));
                    } else {
                        respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                    }
                }
                case Request.CANCEL -> respondStateless(request, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                case Request.OPTIONS -> respond(event, Response.OK);
                // re-INVITEs are not relayed yet: the session goes on unchanged (RFC 3261 §14.2)
                case Request.INVITE -> respond(event, leg != null ? Response.NOT_ACCEPTABLE_HERE : Response.NOT_FOUND);
                default -> respond(event, Response.METHOD_NOT_ALLOWED);
            }
        } catch (SipException | InvalidArgumentException | java.text.ParseException e) {
            LOG.warn("Could not answer a {} request", method, e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            JainSipLeg leg = legOf(event.getClientTransaction(), null);
            if (leg != null) {
                leg.handleTimeout(event.getClientTransaction());
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.warn("SIP I/O failure towards {}:{}/{}", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // transactions need no clean-up of ours
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        event.getDialog().setApplicationData(null);
    }

    @Override
    public void close() {
        provider.removeSipListener(this);
        try {
            stack.deleteSipProvider(provider);
            stack.deleteListeningPoint(listeningPoint);
        } catch (ObjectInUseException e) {
            LOG.debug("SIP provider still in use at stop", e);
        }
        stack.stop();
        LOG.info("SIP endpoint on {}:{} stopped", host, port);
    }

    private static JainSipLeg legOf(ClientTransaction transaction, Dialog dialog) {
        if (transaction != null && transaction.getApplicationData() instanceof JainSipLeg leg) {
            return leg;
        }
        return dialog != null && dialog.getApplicationData() instanceof JainSipLeg leg ? leg : null;
    }

    private ServerTransaction serverTransaction(RequestEvent event) throws SipException {
        ServerTransaction transaction = event.getServerTransaction();
        return transaction != null ? transaction : provider.getNewServerTransaction(event.getRequest());
    }

    private void respond(RequestEvent event, int status)
            throws SipException, InvalidArgumentException, java.text.ParseException {
        Response response = messages.createResponse(status, event.getRequest());
        if (status == Response.METHOD_NOT_ALLOWED || event.getRequest().getMethod().equals(Request.OPTIONS)) {
            addAllow(response);
        }
        try {
            serverTransaction(event).sendResponse(response);
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("Retransmitted {} absorbed by its transaction", event.getRequest().getMethod());
        }
    }

    private void respondStateless(Request request, int status) throws SipException, java.text.ParseException {
        provider.sendResponse(messages.createResponse(status, request));
    }

    static long cseqOf(Response response) {
        return ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    static String methodOf(Response response) {
        return ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
    }
}

package io.huibo.engine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.function.BooleanSupplier;

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
import javax.sip.Timeout;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.clientauthutils.AuthenticationHelper;
import gov.nist.javax.sip.clientauthutils.UserCredentials;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;

/**
 * Owns the SIP stack: UDP and TCP listening points on one port, TLS on another when etc/ asks,
 * one provider, and the only {@link SipListener}. Responses and timeouts go to the
 * {@link ResponseHandler} that sent the request; in-dialog requests to the {@link JainSipLeg} of
 * their dialog; everything else it answers itself. Only the trunk and the routes may start
 * calls (toll fraud), and with inbound digest configured only when they prove it.
 */
final class SipEndpoint implements SipListener, SipLegFactory, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);
    private static final String[] ALLOWED =
            {Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL, Request.OPTIONS};
    private static final int RETRY_AFTER_SECONDS = 5;
    private static final int UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

    final AddressFactory addresses = new AddressFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final MessageFactory messages = new MessageFactoryImpl();
    final String host;
    final int port;
    private final SipTls tls;
    private final SipStackImpl stack;
    private final List<ListeningPoint> listeningPoints = new ArrayList<>();
    final SipProvider provider;
    private final BooleanSupplier overloaded;
    private final InboundCalls inbound;
    private final RequestValidator validator = new RequestValidator();
    /** Counts the INVITEs our legs send and the stack's retransmissions of them, for admission. */
    final RetransmissionRate retransmissions;
    private volatile TrunkSettings trunk;
    /** Null unless the trunk's INVITEs must authenticate. */
    private volatile DigestAuthenticator digest;

    SipEndpoint(String host, int port, SipTls tls, TrunkSettings trunk, BooleanSupplier overloaded, InboundCalls inbound,
            RetransmissionRate retransmissions) throws SipException {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.trunk = trunk;
        this.digest = trunk.inboundAuth() == null ? null : new DigestAuthenticator(trunk.inboundAuth());
        this.overloaded = overloaded;
        this.inbound = inbound;
        this.retransmissions = retransmissions;
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "huibo-" + host + "-" + port);
        properties.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "WARN");
        // RequestValidator needs the head of each request as it was written
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PARSER_FACTORY", RawHeadParserFactory.class.getName());
        // answer every request where it came from (RFC 3581), also what the stack answers itself
        // (e.g. 481 to a BYE outside any dialog): never to a sent-by taken from an untrusted Via
        properties.setProperty("gov.nist.javax.sip.ALWAYS_ADD_RPORT", "true");
        // a response whose branch the stack did not make answers nothing of ours; without this a
        // stray 2xx to an INVITE makes a dialog that lingers until its ACK timer kills it
        properties.setProperty("gov.nist.javax.sip.REJECT_STRAY_RESPONSES", "true");
        // UDP datagrams are parsed by a fixed pool instead of a new thread each: at hundreds of
        // calls a second, starting thousands of threads a second cost more than the parsing
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "4");
        // a confirmed dialog keeps only what its later requests need (see DialogMemory)
        properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Normal");
        // a burst of datagrams waits in the socket rather than being dropped, which would cost a
        // retransmission and, for a lost ACK, a call: the stack's 64 KB overflowed at 500 calls a
        // second. The kernel caps it at net.core.rmem_max.
        properties.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(UDP_RECEIVE_BUFFER_BYTES));
        if (tls != null) {
            tls.addTo(properties);
        }
        try {
            stack = new ExactMatchSipStack(properties);
            ListeningPoint udp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
            listeningPoints.add(udp);
            provider = stack.createSipProvider(udp);
            ListeningPoint tcp = stack.createListeningPoint(host, port, ListeningPoint.TCP);
            listeningPoints.add(tcp);
            provider.addListeningPoint(tcp);
            if (tls != null) {
                ListeningPoint secure = stack.createListeningPoint(host, tls.port(), ListeningPoint.TLS);
                listeningPoints.add(secure);
                provider.addListeningPoint(secure);
            }
            provider.addSipListener(this);
            stack.start();
        } catch (InvalidArgumentException | TooManyListenersException e) {
            throw new SipException("cannot listen on " + host + ":" + port, e);
        }
        LOG.info("SIP endpoint listening on {}:{} (UDP and TCP){}", host, port,
                tls == null ? "" : " and " + host + ":" + tls.port() + " (TLS, client certificate " + tls.clientAuth() + ")");
    }

    /**
     * New calls use these settings; calls in progress keep theirs. The digest state (nonces
     * answered) stays while the credentials do.
     */
    void reconfigure(TrunkSettings settings) {
        DigestAuthenticator current = digest;
        if (settings.inboundAuth() == null) {
            digest = null;
        } else if (current == null || !current.credentials().equals(settings.inboundAuth())) {
            digest = new DigestAuthenticator(settings.inboundAuth());
        }
        this.trunk = settings;
    }

    /** The local port of {@code transport}: TLS has one of its own. */
    int portFor(String transport) {
        return transport.equalsIgnoreCase(ListeningPoint.TLS) ? tls.port() : port;
    }

    TrunkSettings trunk() {
        return trunk;
    }

    @Override
    public OutboundLeg create(PhoneNumber callee, PhoneNumber display, LegListener listener) {
        return new JainSipLeg(this, trunk, callee, display, listener);
    }

    /** Our Contact: a fixed user part that names nobody. */
    Address contact(String transport) throws ParseException {
        SipURI uri = addresses.createSipURI("huibo", host);
        uri.setPort(portFor(transport));
        uri.setTransportParam(transport);
        return addresses.createAddress(uri);
    }

    /** One Allow header per method we take, as JAIN-SIP wants them. */
    void addAllow(Message message) throws ParseException {
        for (String method : ALLOWED) {
            message.addHeader(headers.createAllowHeader(method));
        }
    }

    /** Answers digest challenges with the credentials of {@code settings}. */
    AuthenticationHelper authentication(TrunkSettings settings) {
        return stack.getAuthenticationHelper((transaction, realm) -> new UserCredentials() {
            @Override
            public String getUserName() {
                return settings.username();
            }

            @Override
            public String getPassword() {
                return settings.password();
            }

            @Override
            public String getSipDomain() {
                return realm;
            }
        }, headers);
    }

    /** Sends an out-of-dialog OPTIONS to {@code peer}; its answer goes to {@code handler}. */
    void sendOptions(DialPlan.Peer peer, String transport, ResponseHandler handler) throws SipException {
        try {
            SipURI target = addresses.createSipURI(null, peer.host());
            target.setPort(peer.port());
            target.setTransportParam(transport);
            Address self = contact(transport);
            Request options = messages.createRequest(target, Request.OPTIONS,
                    provider.getNewCallId(), headers.createCSeqHeader(1L, Request.OPTIONS),
                    headers.createFromHeader(self, Long.toHexString(System.nanoTime())),
                    headers.createToHeader(addresses.createAddress(target), null),
                    List.of(headers.createViaHeader(host, portFor(transport), transport, null)),
                    headers.createMaxForwardsHeader(70));
            ClientTransaction transaction = provider.getNewClientTransaction(options);
            transaction.setApplicationData(handler);
            transaction.sendRequest();
        } catch (ParseException | InvalidArgumentException e) {
            throw new SipException("cannot build an OPTIONS for " + peer.host(), e);
        }
    }

    /** Open dialogs and transactions in the stack, for leak checks and health. */
    StackCounts counts() {
        return new StackCounts(stack.getDialogs().size(), stack.getClientTransactionTableSize(),
                stack.getServerTransactionTableSize());
    }

    record StackCounts(int dialogs, int clientTransactions, int serverTransactions) {
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction != null && transaction.getApplicationData() instanceof ResponseHandler handler) {
            handler.handleResponse(event.getResponse(), transaction);
        } else {
            DialogLeg leg = dialogLeg(event.getDialog());
            if (leg != null) {
                leg.handleResponse(event.getResponse(), null);
            }
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        DialogLeg leg = dialogLeg(event.getDialog());
        try {
            Optional<RequestValidator.Rejection> rejection =
                    method.equals(Request.ACK) ? Optional.empty() : validator.check(request);
            if (rejection.isPresent()) {
                reject(event, rejection.get());
                return;
            }
            switch (method) {
                case Request.ACK -> {
                    if (leg != null) {
                        leg.handleAck(request);
                    }
                }
                case Request.BYE -> {
                    if (leg != null) {
                        leg.handleBye(request, serverTransaction(event));
                    } else {
                        respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                    }
                }
                case Request.CANCEL -> cancel(event);
                case Request.OPTIONS -> respond(event, Response.OK);
                case Request.INVITE -> {
                    if (leg != null) {
                        leg.handleReInvite(request, serverTransaction(event));
                    } else {
                        newCall(event);
                    }
                }
                default -> respond(event, Response.METHOD_NOT_ALLOWED);
            }
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("Retransmitted {} absorbed by its transaction", method);
        } catch (SipException | InvalidArgumentException | ParseException e) {
            LOG.warn("Could not answer a {} request", method, e);
        }
    }

    /**
     * An INVITE outside any dialog. Only the trunk and the routes may start calls: anyone else
     * gets 403 and nothing is relayed; with inbound digest on, they must answer its challenge;
     * while the engine's admission refuses new calls (capacity, saturation), a stateless 503
     * with Retry-After, before anything is kept for it. The rest is the engine's to relay or
     * refuse, by the binding of the number dialled.
     */
    private void newCall(RequestEvent event) throws SipException, InvalidArgumentException, ParseException {
        InetSocketAddress source = sourceOf(event);
        String transport = transportOf(event.getRequest());
        if (source == null || !trunk.dialPlan().trusts(source, !transport.equals("udp"))) {
            LOG.info("INVITE from untrusted {} over {} refused", source == null ? "?" : source, transport);
            respond(event, Response.FORBIDDEN);
            return;
        }
        DigestAuthenticator authenticator = digest;
        if (authenticator != null && !authenticated(event, authenticator)) {
            return;
        }
        if (overloaded.getAsBoolean()) {
            respond(event, Response.SERVICE_UNAVAILABLE);
            return;
        }
        Request request = event.getRequest();
        PhoneNumber x = numberOf(request.getRequestURI());
        PhoneNumber caller = numberOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        if (x == null) {
            respond(event, Response.NOT_FOUND);
        } else if (caller == null) {
            respond(event, Response.FORBIDDEN); // an unknown caller cannot be matched to a binding's party
        } else {
            inbound.offered(serverTransaction(event), caller, x);
        }
    }

    /** The phone number a SIP or tel URI names, in the trunk's national format or E.164; null if none. */
    private PhoneNumber numberOf(URI uri) {
        String user = uri instanceof SipURI sip ? sip.getUser() : uri instanceof TelURL tel ? tel.getPhoneNumber() : null;
        if (user == null) {
            return null;
        }
        try {
            return PhoneNumber.parse(user, trunk.region());
        } catch (InvalidNumberException e) {
            return null;
        }
    }

    /** A CANCEL for a caller's pending INVITE; anything else does not exist (481). */
    private void cancel(RequestEvent event) throws SipException, InvalidArgumentException, ParseException {
        ServerTransaction transaction = serverTransaction(event);
        SIPServerTransaction invite = transaction instanceof SIPServerTransaction cancel
                ? cancel.getCanceledInviteTransaction() : null;
        if (invite != null && invite.getApplicationData() instanceof InboundLeg leg) {
            leg.handleCancel(event.getRequest(), transaction);
        } else {
            transaction.sendResponse(messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                    event.getRequest()));
        }
    }

    /** Refuses a caller's INVITE with {@code status}, as the engine decided. */
    void refuse(ServerTransaction invite, int status) {
        try {
            invite.sendResponse(messages.createResponse(status, invite.getRequest()));
        } catch (SipException | InvalidArgumentException | ParseException e) {
            LOG.warn("Could not refuse a call with {}", status, e);
        }
    }

    /**
     * Whether the INVITE answers our digest challenge; if not, it has been challenged (401),
     * refused (403) or, a retransmission of one accepted, dropped.
     */
    private boolean authenticated(RequestEvent event, DigestAuthenticator authenticator)
            throws SipException, InvalidArgumentException, ParseException {
        Request request = event.getRequest();
        Instant now = Instant.now();
        DigestAuthenticator.Outcome outcome = authenticator.check(digestView(request), now);
        switch (outcome) {
            case ACCEPTED -> {
                return true;
            }
            case CHALLENGE, STALE -> {
                Response challenge = messages.createResponse(Response.UNAUTHORIZED, request);
                for (String value : authenticator.challenges(outcome == DigestAuthenticator.Outcome.STALE, now)) {
                    challenge.addHeader(headers.createHeader("WWW-Authenticate", value));
                }
                send(event, challenge); // statelessly: a challenge keeps nothing for whoever forged the INVITE
            }
            case REFUSED -> {
                LOG.info("INVITE from {} refused: a wrong or replayed digest answer", sourceOf(event));
                respond(event, Response.FORBIDDEN);
            }
            case RETRANSMISSION -> LOG.debug("Retransmitted INVITE dropped: its first copy is being answered");
        }
        return false;
    }

    /** What a digest answer covers, read from the request as written (RawHead), as the client hashed it. */
    private static DigestAuthenticator.Request digestView(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        String branch = via == null || via.getBranch() == null ? "" : via.getBranch();
        if (((SIPRequest) request).getApplicationData() instanceof RawHead raw) {
            List<String> authorizations = raw.headers().stream()
                    .filter(header -> header.name().equalsIgnoreCase("Authorization"))
                    .map(RawHead.Header::value)
                    .toList();
            return new DigestAuthenticator.Request(request.getMethod(), raw.startLine().split(" ", -1)[1], authorizations,
                    branch);
        }
        return new DigestAuthenticator.Request(request.getMethod(), request.getRequestURI().toString(), List.of(), branch);
    }

    /** The transport a request came over, lower case: udp, tcp or tls. */
    static String transportOf(Request request) {
        return ((MessageChannel) ((SIPRequest) request).getMessageChannel()).getTransport().toLowerCase(Locale.ROOT);
    }

    /** Where the packet or connection came from; the Via's sent-by, even its rport, is the sender's word only. */
    private static InetSocketAddress sourceOf(RequestEvent event) {
        SIPRequest request = (SIPRequest) event.getRequest();
        InetAddress address = request.getPeerPacketSourceAddress();
        return address == null ? null : new InetSocketAddress(address, request.getPeerPacketSourcePort());
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.getTimeout() == Timeout.RETRANSMIT) { // asked for by JainSipLeg: a count, not an end
            retransmissions.retransmitted();
            return;
        }
        if (!event.isServerTransaction()
                && event.getClientTransaction().getApplicationData() instanceof ResponseHandler handler) {
            handler.handleTimeout(event.getClientTransaction());
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
            for (ListeningPoint point : listeningPoints) {
                stack.deleteListeningPoint(point);
            }
        } catch (ObjectInUseException e) {
            LOG.debug("SIP provider still in use at stop", e);
        }
        stack.stop();
        LOG.info("SIP endpoint on {}:{} stopped", host, port);
    }

    private static DialogLeg dialogLeg(Dialog dialog) {
        return dialog != null && dialog.getApplicationData() instanceof DialogLeg leg ? leg : null;
    }

    private ServerTransaction serverTransaction(RequestEvent event) throws SipException {
        ServerTransaction transaction = event.getServerTransaction();
        return transaction != null ? transaction : provider.getNewServerTransaction(event.getRequest());
    }

    private void respond(RequestEvent event, int status) throws SipException, InvalidArgumentException, ParseException {
        Response response = messages.createResponse(status, event.getRequest());
        if (status == Response.METHOD_NOT_ALLOWED || event.getRequest().getMethod().equals(Request.OPTIONS)) {
            addAllow(response);
        }
        if (status == Response.SERVICE_UNAVAILABLE) {
            response.addHeader(headers.createRetryAfterHeader(RETRY_AFTER_SECONDS));
        }
        send(event, response);
    }

    private void reject(RequestEvent event, RequestValidator.Rejection rejection)
            throws SipException, InvalidArgumentException, ParseException {
        Request request = event.getRequest();
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        LOG.info("Rejected {} request with {}, Call-ID {}", request.getMethod(), rejection.status(),
                callId == null ? "none" : LogSafe.scrub(callId.getCallId())); // a caller may put a number in it
        Response response = messages.createResponse(rejection.status(), request);
        response.setReasonPhrase(rejection.reason());
        for (String tag : rejection.unsupported()) {
            response.addHeader(headers.createUnsupportedHeader(tag));
        }
        if (rejection.status() == Response.UNSUPPORTED_MEDIA_TYPE) {
            response.addHeader(headers.createAcceptHeader("application", "sdp")); // RFC 3261 §21.4.13
        }
        send(event, response);
    }

    /**
     * Sends through the server transaction the stack made for a request in a dialog, else
     * statelessly (RFC 3261 §8.2.7): nothing is kept for strangers, and a retransmission is
     * simply answered again. The stack has pointed the Via's received and rport at the source
     * (ALWAYS_ADD_RPORT) but takes the transport from the Via, where an untrusted message may name
     * another: the answer goes back over the transport the request came on.
     */
    private void send(RequestEvent event, Response response) throws SipException, InvalidArgumentException, ParseException {
        if (event.getServerTransaction() != null) {
            event.getServerTransaction().sendResponse(response);
            return;
        }
        ((ViaHeader) response.getHeader(ViaHeader.NAME)).setTransport(transportOf(event.getRequest()).toUpperCase(Locale.ROOT));
        provider.sendResponse(response);
    }

    static long cseqOf(Message message) {
        return ((CSeqHeader) message.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    static String methodOf(Response response) {
        return ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
    }
}

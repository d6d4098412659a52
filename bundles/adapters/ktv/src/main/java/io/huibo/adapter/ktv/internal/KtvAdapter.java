package io.huibo.adapter.ktv.internal;

import static io.huibo.adapter.ktv.internal.KtvConstants.BOOKING_EVENTS_PATH;
import static io.huibo.adapter.ktv.internal.KtvConstants.FRONT_DESK_ROLE;
import static io.huibo.adapter.ktv.internal.KtvConstants.NO_SHOW_KEY_PREFIX;
import static io.huibo.adapter.ktv.internal.KtvConstants.ROOM_SERVICE_TOKEN_PATH;
import static io.huibo.adapter.ktv.internal.KtvConstants.SIGNATURE_PREFIX;
import static io.huibo.adapter.ktv.internal.KtvConstants.VENDOR_ID;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.BindingService;
import io.huibo.api.ButtonTokens;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.AdapterRequest;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.ButtonSpec;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.StaffDirectory;
import io.huibo.api.adapter.VendorAuth;
import io.huibo.adapters.support.StaffOnDuty;

/**
 * The KTV room system's adapter, mounted at {@code /adapters/ktv/}: booking events in
 * ({@code POST bookings/events}), no-show callbacks and guest-front desk bindings out, and the
 * room-service button's tokens ({@code POST room-service/button-token}). Both endpoints take
 * only requests signed with the shared secret, each once. Each event id is acted on once: a resent event
 * answers {@code {"duplicate": true}} and changes nothing.
 */
@Component(service = Adapter.class, configurationPid = "io.huibo.adapter.ktv", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KtvConfiguration.class)
public class KtvAdapter implements Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(KtvAdapter.class);
    private static final String DUPLICATE = "{\"duplicate\": true}";

    private final String region;
    private final EventLedger ledger;
    private final BookingWorkflow bookings;
    private final RoomServiceButton roomService;
    private final List<Endpoint> endpoints;

    @Activate
    public KtvAdapter(@Reference CallbackService callbacks, @Reference BindingService bindings, @Reference ButtonTokens tokens,
            @Reference ActionScheduler scheduler, @Reference EventLedger ledger, @Reference StaffDirectory staff,
            KtvConfiguration config) {
        this(callbacks, bindings, tokens, scheduler, ledger, staff, config, Clock.systemUTC());
    }

    KtvAdapter(CallbackService callbacks, BindingService bindings, ButtonTokens tokens, ActionScheduler scheduler,
            EventLedger ledger, StaffDirectory staff, KtvConfiguration config, Clock clock) {
        this.region = config.region();
        this.ledger = ledger;
        PhoneNumber fallback = config.frontDesk().isBlank() ? null : PhoneNumber.ofE164(config.frontDesk().trim());
        StaffOnDuty frontDesk = new StaffOnDuty(staff, config.tenant(), config.store(), FRONT_DESK_ROLE, fallback);
        this.bookings = new BookingWorkflow(config, frontDesk, bindings, callbacks, scheduler, clock);
        this.roomService = new RoomServiceButton(config, RoomPhones.parse(config.roomPhones()), frontDesk, tokens, clock);
        if (config.secret().isEmpty()) {
            LOG.warn("The KTV adapter has no secret in etc/io.huibo.adapter.ktv.cfg: it refuses every request");
        }
        VendorAuth signed = VendorAuth.signedRequests(SIGNATURE_PREFIX, config.secret());
        this.endpoints = List.of(new Endpoint("POST", BOOKING_EVENTS_PATH, signed, this::onBookingEvent),
                new Endpoint("POST", ROOM_SERVICE_TOKEN_PATH, signed,
                        request -> AdapterResponse.json(201, roomService.mint(request.bodyText()).toString())));
    }

    @Override
    public String vendorId() {
        return VENDOR_ID;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public List<String> mappedEvents() {
        return Arrays.stream(BookingEventType.values()).map(BookingEventType::wireName).toList();
    }

    @Override
    public List<ButtonSpec> buttons() {
        return List.of(new ButtonSpec("room-service", "Call the front desk", ROOM_SERVICE_TOKEN_PATH));
    }

    @Override
    public void run(ScheduledAction action) {
        if (!action.key().startsWith(NO_SHOW_KEY_PREFIX)) {
            throw new IllegalArgumentException("not an action of the KTV adapter: " + action.key());
        }
        bookings.runNoShowCheck(action);
    }

    /** Validates first, so a bad event is not recorded as seen; a failed one is forgotten, so its retry counts. */
    private AdapterResponse onBookingEvent(AdapterRequest request) throws AdapterException {
        BookingEvent event = BookingEvent.parse(request.bodyText(), region);
        if (!ledger.firstTime(VENDOR_ID, event.eventId())) {
            LOG.debug("Booking event {} is a duplicate: ignored", event.eventId());
            return AdapterResponse.json(200, DUPLICATE);
        }
        try {
            return AdapterResponse.json(200, bookings.apply(event).toString());
        } catch (AdapterException | RuntimeException e) {
            ledger.forget(VENDOR_ID, event.eventId());
            throw e;
        }
    }
}

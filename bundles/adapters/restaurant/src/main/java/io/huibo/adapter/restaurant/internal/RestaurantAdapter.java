package io.huibo.adapter.restaurant.internal;

import static io.huibo.adapter.restaurant.internal.RestaurantConstants.CONFIRMATION_KEY_PREFIX;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.DELIVERY_EVENTS_PATH;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.HOST_ROLE;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.ORDER_CLOSED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.ORDER_DISPATCHED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.QUEUE_READY;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.QUEUE_READY_PATH;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.RESERVATION_CANCELLED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.RESERVATION_CREATED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.RESERVATION_EVENTS_PATH;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.SIGNATURE_PREFIX;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.VENDOR_ID;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.BindingService;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.ButtonSpec;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.StaffDirectory;
import io.huibo.api.adapter.VendorAuth;
import io.huibo.adapters.support.StaffOnDuty;

/**
 * The restaurant POS's adapter, mounted at {@code /adapters/restaurant/}: queue tickets come up
 * ({@code POST queue/ready}: the host calls the guest at once), reservations
 * ({@code POST reservations/events}: a confirmation call before each) and deliveries
 * ({@code POST deliveries/events}: a rider-customer binding from dispatch to close). Every request
 * is signed with the shared secret and accepted once; each event id is acted on once, and a resent event answers
 * {@code {"duplicate": true}} and changes nothing.
 */
@Component(service = Adapter.class, configurationPid = "io.huibo.adapter.restaurant",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RestaurantConfiguration.class)
public class RestaurantAdapter implements Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(RestaurantAdapter.class);
    private static final String DUPLICATE = "{\"duplicate\": true}";

    private final String region;
    private final EventLedger ledger;
    private final TableReadyCalls tableReady;
    private final ReservationConfirmations reservations;
    private final DeliveryBindings deliveries;
    private final List<Endpoint> endpoints;

    @Activate
    public RestaurantAdapter(@Reference CallbackService callbacks, @Reference BindingService bindings,
            @Reference ActionScheduler scheduler, @Reference EventLedger ledger, @Reference StaffDirectory staff,
            RestaurantConfiguration config) {
        this(callbacks, bindings, scheduler, ledger, staff, config, Clock.systemUTC());
    }

    RestaurantAdapter(CallbackService callbacks, BindingService bindings, ActionScheduler scheduler, EventLedger ledger,
            StaffDirectory staff, RestaurantConfiguration config, Clock clock) {
        this.region = config.region();
        this.ledger = ledger;
        PhoneNumber display = config.display().isBlank() ? null : PhoneNumber.ofE164(config.display().trim());
        PhoneNumber fallback = config.host().isBlank() ? null : PhoneNumber.ofE164(config.host().trim());
        StaffOnDuty host = new StaffOnDuty(staff, config.tenant(), config.store(), HOST_ROLE, fallback);
        this.tableReady = new TableReadyCalls(config.tenant(), display, host, callbacks, clock);
        this.reservations = new ReservationConfirmations(config.tenant(), display,
                Duration.ofSeconds(config.confirmationLeadSeconds()), host, callbacks, scheduler, clock);
        this.deliveries = new DeliveryBindings(config.tenant(), config.deliveryTtlSeconds(),
                config.city().isBlank() ? null : config.city().trim(), bindings, clock);
        if (config.secret().isEmpty()) {
            LOG.warn("The restaurant adapter has no secret in etc/io.huibo.adapter.restaurant.cfg: it refuses every request");
        }
        VendorAuth signed = VendorAuth.signedRequests(SIGNATURE_PREFIX, config.secret());
        this.endpoints = List.of(
                new Endpoint("POST", QUEUE_READY_PATH, signed, request -> {
                    TableReadyCalls.TableReady ready = TableReadyCalls.TableReady.parse(request.bodyText(), region);
                    return once(ready.eventId(), 201, () -> tableReady.call(ready));
                }),
                new Endpoint("POST", RESERVATION_EVENTS_PATH, signed, request -> {
                    ReservationEvent event = ReservationEvent.parse(request.bodyText(), region);
                    return once(event.eventId(), 200, () -> reservations.apply(event));
                }),
                new Endpoint("POST", DELIVERY_EVENTS_PATH, signed, request -> {
                    DeliveryEvent event = DeliveryEvent.parse(request.bodyText(), region);
                    return once(event.eventId(), 200, () -> deliveries.apply(event));
                }));
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
        return List.of(QUEUE_READY, RESERVATION_CREATED, RESERVATION_CANCELLED, ORDER_DISPATCHED, ORDER_CLOSED);
    }

    @Override
    public List<ButtonSpec> buttons() {
        return List.of();
    }

    @Override
    public void run(ScheduledAction action) {
        if (!action.key().startsWith(CONFIRMATION_KEY_PREFIX)) {
            throw new IllegalArgumentException("not an action of the restaurant adapter: " + action.key());
        }
        reservations.run(action);
    }

    /** What an event does, answered in JSON. */
    private interface Work {
        JsonObject run() throws AdapterException;
    }

    /**
     * Acts on a validated event the first time its id is seen; a failed one is forgotten, so that
     * the POS's retry is acted on.
     */
    private AdapterResponse once(String eventId, int status, Work work) throws AdapterException {
        if (!ledger.firstTime(VENDOR_ID, eventId)) {
            LOG.debug("Event {} is a duplicate: ignored", eventId);
            return AdapterResponse.json(200, DUPLICATE);
        }
        try {
            return AdapterResponse.json(status, work.run().toString());
        } catch (AdapterException | RuntimeException e) {
            ledger.forget(VENDOR_ID, eventId);
            throw e;
        }
    }
}

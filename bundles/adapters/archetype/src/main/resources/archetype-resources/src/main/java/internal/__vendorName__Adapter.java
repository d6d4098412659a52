package ${package}.internal;

import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Call;
import io.huibo.api.CallbackRequest;
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

/**
 * ${vendorName}'s adapter: a booking made in ${vendorName} schedules a masked callback between the
 * store's staff on duty and the customer at the booking's {@code callAt}; a cancelled booking
 * removes it. Events arrive signed at {@code POST /adapters/${vendorId}/events}; a repeated event
 * changes nothing.
 */
@Component(service = Adapter.class, configurationPid = ${vendorName}Constants.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ${vendorName}Configuration.class)
public class ${vendorName}Adapter implements Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(${vendorName}Adapter.class);

    private final CallbackService callbacks;
    private final ActionScheduler scheduler;
    private final EventLedger ledger;
    private final StaffDirectory staff;
    private final ${vendorName}Configuration config;
    private final PhoneNumber display;
    private final List<Endpoint> endpoints;

    @Activate
    public ${vendorName}Adapter(@Reference CallbackService callbacks, @Reference ActionScheduler scheduler,
            @Reference EventLedger ledger, @Reference StaffDirectory staff, ${vendorName}Configuration config) {
        this.callbacks = callbacks;
        this.scheduler = scheduler;
        this.ledger = ledger;
        this.staff = staff;
        this.config = config;
        // a bad number fails activation, so the mistake shows in the log rather than on the first call
        this.display = config.displayNumber().isBlank() ? null : PhoneNumber.ofE164(config.displayNumber());
        this.endpoints = List.of(new Endpoint("POST", ${vendorName}Constants.EVENTS_PATH,
                VendorAuth.signedRequests(${vendorName}Constants.SIGNATURE_PREFIX, config.sharedSecret()), this::onEvent));
    }

    @Override
    public String vendorId() {
        return ${vendorName}Constants.VENDOR_ID;
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    @Override
    public List<String> mappedEvents() {
        return List.of(${vendorName}Constants.BOOKING_CREATED, ${vendorName}Constants.BOOKING_CANCELLED);
    }

    @Override
    public List<ButtonSpec> buttons() {
        return List.of();
    }

    AdapterResponse onEvent(AdapterRequest request) throws AdapterException {
        // validated before the ledger sees it, so a rejected event's id stays free for the corrected one
        ${vendorName}Event event = ${vendorName}Event.parse(request.bodyText(), config.region());
        if (!ledger.firstTime(${vendorName}Constants.VENDOR_ID, event.eventId())) {
            return result("duplicate", true);
        }
        try {
            return apply(event);
        } catch (RuntimeException e) {
            // not acted on: the vendor's retry of this event must get through
            ledger.forget(${vendorName}Constants.VENDOR_ID, event.eventId());
            throw e;
        }
    }

    private AdapterResponse apply(${vendorName}Event event) {
        String key = ${vendorName}Constants.callbackKey(event.bookingId());
        if (${vendorName}Constants.BOOKING_CANCELLED.equals(event.type())) {
            return result("cancelled", scheduler.cancel(${vendorName}Constants.VENDOR_ID, key));
        }
        JsonObject payload = new JsonObject();
        payload.addProperty("bookingId", event.bookingId());
        payload.addProperty("storeId", event.storeId());
        payload.addProperty("customer", event.customer().e164());
        scheduler.schedule(${vendorName}Constants.VENDOR_ID, key, config.tenant(), event.callAt(), payload.toString());
        return result("scheduled", true);
    }

    /** Places the callback of a booking now due. A throw leaves the action to be retried later. */
    @Override
    public void run(ScheduledAction action) {
        JsonObject payload = JsonParser.parseString(action.payload()).getAsJsonObject();
        String bookingId = payload.get("bookingId").getAsString();
        String storeId = payload.get("storeId").getAsString();
        PhoneNumber customer = PhoneNumber.ofE164(payload.get("customer").getAsString());
        PhoneNumber agent = staff.onDuty(action.tenantId(), storeId, config.staffRole(), Instant.now())
                .orElseThrow(() -> new IllegalStateException("nobody is " + config.staffRole() + " in store " + storeId));
        Call call = callbacks.place(CallbackRequest.builder(agent, customer)
                .display(display)
                .tenantId(action.tenantId())
                .userData(bookingId)
                .build());
        LOG.info("Booking {}: callback {} placed", bookingId, call.id());
    }

    private static AdapterResponse result(String field, boolean value) {
        JsonObject json = new JsonObject();
        json.addProperty(field, value);
        return AdapterResponse.json(200, json.toString());
    }
}

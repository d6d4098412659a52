package io.huibo.adapters.clinic.internal;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.huibo.api.BindingService;
import io.huibo.api.CallbackService;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.ButtonSpec;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.StaffDirectory;

/**
 * The clinic adapter: listens for HL7 v2 over MLLP while active, books the SIU messages it
 * receives into reminders, follow-ups and bindings, and places those calls when Huibo's scheduler
 * says they are due. The clinic's HIS speaks MLLP, not HTTP, so it mounts no endpoints.
 */
@Component(service = Adapter.class, configurationPid = "io.huibo.adapter.clinic")
@Designate(ocd = ClinicConfig.class)
public class ClinicAdapter implements Adapter {
    private static final String DEFAULT_REGION = "CN";

    private final ClinicCaller caller;
    private final MllpServer server;

    @Activate
    public ClinicAdapter(@Reference CallbackService callbacks, @Reference BindingService bindings,
            @Reference ActionScheduler scheduler, @Reference EventLedger ledger, @Reference StaffDirectory directory,
            @Reference TenantService tenants, ClinicConfig config) throws IOException {
        ClinicSettings settings = ClinicSettings.from(config);
        Clock clock = Clock.systemUTC();
        ClinicStaff staff = new ClinicStaff(directory, settings);
        this.caller = new ClinicCaller(callbacks, ledger, staff, settings, clock);
        PipeParser parser = newParser();
        Hl7Inbox inbox = new Hl7Inbox(parser, new SiuReader(settings.zone(), settings.appointmentLength()),
                new AppointmentBook(settings, bindings, scheduler, staff, clock), ledger,
                () -> tenants.tenant(settings.tenant()).map(Tenant::region).orElse(DEFAULT_REGION));
        this.server = new MllpServer(settings.mllpAddress(), settings.mllpPort(), settings.mllp(), inbox::receive);
    }

    /**
     * HAPI's pipe parser reading every version into the v2.5 model; no validation of its own
     * (the {@link SiuReader} checks what matters), and ACK control ids made in memory rather
     * than in HAPI's default id file in the working directory.
     */
    static PipeParser newParser() {
        ParserConfiguration configuration = new ParserConfiguration();
        configuration.setIdGenerator(new InMemoryIDGenerator());
        return new DefaultHapiContext(configuration, ValidationContextFactory.noValidation(), new CanonicalModelClassFactory("2.5"))
                .getPipeParser();
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    @Override
    public String vendorId() {
        return ClinicConstants.VENDOR_ID;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of();
    }

    @Override
    public List<String> mappedEvents() {
        return List.of("SIU^S12", "SIU^S13", "SIU^S15");
    }

    @Override
    public List<ButtonSpec> buttons() {
        return List.of();
    }

    @Override
    public void run(ScheduledAction action) {
        caller.run(action);
    }
}

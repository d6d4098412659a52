package io.huibo.adapters.clinic.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;

/** {@link ClinicConfig} checked once, on activation: a bad value stops the adapter with a clear reason. */
record ClinicSettings(String tenant, String store, String mllpAddress, int mllpPort, MllpOptions mllp, Optional<PhoneNumber> display,
        Optional<PhoneNumber> frontDesk, Duration reminderLead, Optional<Duration> followUpAfter, Duration appointmentLength,
        Duration treatmentWindow, ZoneId zone) {

    static ClinicSettings from(ClinicConfig config) {
        if (config.tenant().isBlank() || config.store().isBlank()) {
            throw new IllegalArgumentException("tenant and store must be set");
        }
        if (config.mllpPort() < 1 || config.mllpPort() > 65535) {
            throw new IllegalArgumentException("mllpPort must be 1 to 65535, not " + config.mllpPort());
        }
        if (config.reminderLeadMinutes() < 0 || config.appointmentMinutes() < 1 || config.treatmentWindowHours() < 0
                || config.followUpAfterMinutes() < -1) {
            throw new IllegalArgumentException("reminderLeadMinutes, treatmentWindowHours are 0 or more, appointmentMinutes 1 "
                    + "or more, followUpAfterMinutes -1 or more");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(config.zone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone is not a time zone: " + config.zone(), e);
        }
        return new ClinicSettings(config.tenant(), config.store(), config.mllpAddress(), config.mllpPort(), mllp(config),
                number("display", config.display()), number("frontDesk", config.frontDesk()),
                Duration.ofMinutes(config.reminderLeadMinutes()),
                config.followUpAfterMinutes() < 0 ? Optional.empty() : Optional.of(Duration.ofMinutes(config.followUpAfterMinutes())),
                Duration.ofMinutes(config.appointmentMinutes()), Duration.ofHours(config.treatmentWindowHours()), zone);
    }

    private static MllpOptions mllp(ClinicConfig config) {
        return new MllpOptions(config.mllpMaxFrameBytes(), Duration.ofSeconds(config.mllpIdleTimeoutSeconds()),
                config.mllpMaxConnections(), config.mllpMaxConnectionsPerAddress(),
                AddressAllowlist.parse(config.mllpAllowedAddresses()),
                config.mllpTls() ? MllpOptions.tls(config.mllpKeystore(), config.mllpKeystorePassword(), config.mllpKeystoreType())
                        : MllpOptions.plain());
    }

    private static Optional<PhoneNumber> number(String key, String value) {
        if (value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PhoneNumber.ofE164(value.trim()));
        } catch (InvalidNumberException e) {
            throw new IllegalArgumentException(key + " is not a number in E.164 form", e);
        }
    }
}

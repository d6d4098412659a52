package io.huibo.adapters.clinic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The clinic adapter's configuration, PID {@code io.huibo.adapter.clinic}, in
 * {@code etc/io.huibo.adapter.clinic.cfg}. A change restarts the adapter and its MLLP listener.
 */
@ObjectClassDefinition(name = "Huibo clinic adapter", description = "HL7 v2 SIU messages over MLLP to reminder and follow-up callbacks")
public @interface ClinicConfig {

    @AttributeDefinition(description = "Tenant whose numbers, bindings and calls the clinic uses")
    String tenant() default "default";

    @AttributeDefinition(description = "The clinic's store id, whose staff roster (front-desk, doctor-on-duty) is asked")
    String store() default "clinic-1";

    @AttributeDefinition(description = "Local address the MLLP listener binds; loopback unless the HIS is on another host")
    String mllpAddress() default "127.0.0.1";

    @AttributeDefinition(description = "Local TCP port of the MLLP listener")
    int mllpPort() default 2575;

    @AttributeDefinition(description = "Source addresses and CIDR ranges the MLLP listener serves, comma-separated; others are closed at once")
    String mllpAllowedAddresses() default "127.0.0.1,::1";

    @AttributeDefinition(description = "Largest MLLP frame in bytes; a longer one drops the connection")
    int mllpMaxFrameBytes() default 1 << 20;

    @AttributeDefinition(description = "Seconds an MLLP connection may stay silent before it is closed")
    int mllpIdleTimeoutSeconds() default 300;

    @AttributeDefinition(description = "MLLP connections open at once, from all senders")
    int mllpMaxConnections() default 32;

    @AttributeDefinition(description = "MLLP connections open at once from one address")
    int mllpMaxConnectionsPerAddress() default 4;

    @AttributeDefinition(description = "MLLP over TLS instead of plain TCP, with the key in mllpKeystore")
    boolean mllpTls() default false;

    @AttributeDefinition(description = "Keystore holding the listener's TLS key and certificate, relative to etc/")
    String mllpKeystore() default "huibo-mllp.p12";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of mllpKeystore and of its key")
    String mllpKeystorePassword() default "";

    @AttributeDefinition(description = "Type of mllpKeystore: PKCS12 or JKS")
    String mllpKeystoreType() default "PKCS12";

    @AttributeDefinition(description = "Virtual number (E.164, of the tenant's pool) the patient sees; empty for the store's default")
    String display() default "";

    @AttributeDefinition(description = "The front desk's number (E.164) when the roster names no one for role front-desk")
    String frontDesk() default "";

    @AttributeDefinition(description = "Minutes before an appointment's start that the reminder callback is placed")
    int reminderLeadMinutes() default 60;

    @AttributeDefinition(description = "Minutes after an appointment's end that the doctor on duty calls the patient back; -1 for no follow-up")
    int followUpAfterMinutes() default 1440;

    @AttributeDefinition(description = "Minutes an appointment lasts when its message gives no end or duration")
    int appointmentMinutes() default 30;

    @AttributeDefinition(description = "Hours after an appointment's end that the patient-clinic binding keeps routing calls")
    int treatmentWindowHours() default 72;

    @AttributeDefinition(description = "Zone of HL7 times that carry no offset")
    String zone() default "Asia/Shanghai";
}

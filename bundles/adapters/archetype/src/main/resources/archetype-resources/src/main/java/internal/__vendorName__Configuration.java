package ${package}.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** ${vendorName}'s adapter, PID {@code io.huibo.adapter.${vendorId}}; without that configuration no adapter. */
@ObjectClassDefinition(name = "Huibo adapter for ${vendorName}")
public @interface ${vendorName}Configuration {

    @AttributeDefinition(description = "The Huibo tenant whose calls this adapter places")
    String tenant() default "default";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The secret ${vendorName} signs each"
            + " request with (headers X-${vendorName}-Timestamp, -Nonce, -Signature); empty refuses every request")
    String sharedSecret() default "";

    @AttributeDefinition(description = "The virtual number both parties see (E.164, one of the tenant's"
            + " pool); empty for the engine's default")
    String displayNumber() default "";

    @AttributeDefinition(description = "The region (ISO 3166) in which ${vendorName}'s national-format numbers are read")
    String region() default "CN";

    @AttributeDefinition(description = "The staff role called first, looked up in Huibo's staff directory"
            + " for the booking's store at the time of the call")
    String staffRole() default "front-desk";
}

package io.huibo.api;

import java.util.Objects;

/**
 * What a callback needs: call {@code from}, then {@code to}, showing each only {@code display}.
 * Built with {@link #builder(PhoneNumber, PhoneNumber)}; optional fields may stay unset.
 */
public final class CallbackRequest {
    private final PhoneNumber from;
    private final PhoneNumber to;
    private final PhoneNumber display;
    private final Integer ringTimeoutSeconds;
    private final Integer maxDurationSeconds;
    private final String userData;
    private final String tenantId;
    private final String statusCallbackUrl;

    private CallbackRequest(Builder b) {
        this.from = Objects.requireNonNull(b.from, "from");
        this.to = Objects.requireNonNull(b.to, "to");
        this.display = b.display;
        this.ringTimeoutSeconds = b.ringTimeoutSeconds;
        this.maxDurationSeconds = b.maxDurationSeconds;
        this.userData = b.userData;
        this.tenantId = b.tenantId;
        this.statusCallbackUrl = b.statusCallbackUrl;
    }

    public static Builder builder(PhoneNumber from, PhoneNumber to) {
        return new Builder(from, to);
    }

    public PhoneNumber from() { return from; }

    public PhoneNumber to() { return to; }

    /** The virtual number both parties see; null for the engine's default. */
    public PhoneNumber display() { return display; }

    /** Seconds each leg may ring; null for the engine's default. */
    public Integer ringTimeoutSeconds() { return ringTimeoutSeconds; }

    /** Seconds the bridged call may last; null for the engine's default. */
    public Integer maxDurationSeconds() { return maxDurationSeconds; }

    /** Opaque text of the caller's, kept with the call. */
    public String userData() { return userData; }

    /** The tenant placing it, whose pool {@code display} must belong to. */
    public String tenantId() { return tenantId; }

    /** Where the call's webhooks go instead of the tenant's default URL; null for that default. */
    public String statusCallbackUrl() { return statusCallbackUrl; }

    public static final class Builder {
        private final PhoneNumber from;
        private final PhoneNumber to;
        private PhoneNumber display;
        private Integer ringTimeoutSeconds;
        private Integer maxDurationSeconds;
        private String userData;
        private String tenantId = Tenant.DEFAULT;
        private String statusCallbackUrl;

        private Builder(PhoneNumber from, PhoneNumber to) {
            this.from = from;
            this.to = to;
        }

        public Builder display(PhoneNumber display) { this.display = display; return this; }

        public Builder ringTimeoutSeconds(Integer seconds) { this.ringTimeoutSeconds = seconds; return this; }

        public Builder maxDurationSeconds(Integer seconds) { this.maxDurationSeconds = seconds; return this; }

        public Builder userData(String userData) { this.userData = userData; return this; }

        public Builder tenantId(String tenantId) { this.tenantId = Objects.requireNonNull(tenantId, "tenantId"); return this; }

        public Builder statusCallbackUrl(String url) { this.statusCallbackUrl = url; return this; }

        public CallbackRequest build() { return new CallbackRequest(this); }
    }
}

package ${package}.internal;

/** The names ${vendorName}'s adapter shares with its configuration, its endpoint and its tests. */
public final class ${vendorName}Constants {

    /** The first segment of the endpoints' paths: {@code /adapters/${vendorId}/…}. */
    public static final String VENDOR_ID = "${vendorId}";

    /** The configuration, in {@code etc/io.huibo.adapter.${vendorId}.cfg}. */
    public static final String PID = "io.huibo.adapter." + VENDOR_ID;

    /** ${vendorName} posts its events here. */
    public static final String EVENTS_PATH = "events";

    /**
     * The prefix of the headers that sign each request ({@code -Timestamp}, {@code -Nonce},
     * {@code -Signature}): see {@code io.huibo.api.adapter.RequestSignatures}.
     */
    public static final String SIGNATURE_PREFIX = "X-${vendorName}";

    public static final String BOOKING_CREATED = "booking.created";
    public static final String BOOKING_CANCELLED = "booking.cancelled";

    private ${vendorName}Constants() {
    }

    /** The scheduled callback of one booking: a moved booking replaces it, a cancelled one removes it. */
    public static String callbackKey(String bookingId) {
        return "callback:" + bookingId;
    }
}

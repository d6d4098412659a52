package io.huibo.api;

/**
 * The EventAdmin events posted when a binding is created, changed or deleted, so that other
 * bundles (webhooks) follow bindings. Topics are {@code io/huibo/binding/<KIND>}. Expiry posts
 * nothing: it takes effect in the database at the second; the webhook bundle scans for it.
 */
public final class BindingEvents {
    /** Subscribe to this to get every binding event. */
    public static final String TOPIC_ALL = "io/huibo/binding/*";
    public static final String CREATED = "io/huibo/binding/CREATED";
    public static final String UPDATED = "io/huibo/binding/UPDATED";
    public static final String DELETED = "io/huibo/binding/DELETED";

    /** The binding's id, a String. */
    public static final String BINDING_ID = "bindingId";
    /** The binding's mode, {@code AXB} or {@code AXN}, a String. */
    public static final String MODE = "mode";
    /** The virtual number X in E.164, a String: a pool number, not a person's. */
    public static final String X = "x";

    private BindingEvents() {
    }
}

package io.huibo.api.adapter;

/**
 * A call button an adapter contributes to the vendor's pages, e.g. KTV's room-service button:
 * its id, the label it shows, and the endpoint (relative to the adapter's root) that mints its
 * tokens through {@code ButtonTokens}.
 */
public record ButtonSpec(String id, String label, String tokenPath) {
}

package io.huibo.api;

/** Where a callback is: it calls {@code from}, then {@code to}, bridges them, and ends. */
public enum CallState implements WireName {
    QUEUED, CALLING_FROM, CALLING_TO, BRIDGED, ENDED
}

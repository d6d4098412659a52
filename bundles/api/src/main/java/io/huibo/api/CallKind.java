package io.huibo.api;

/** A callback Huibo placed, or a call relayed through a binding's virtual number. */
public enum CallKind implements WireName {
    CALLBACK, RELAY
}

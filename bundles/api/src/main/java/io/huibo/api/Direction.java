package io.huibo.api;

/** Which way calls through a binding may go. */
public enum Direction implements WireName {
    BOTH, A_TO_B, B_TO_A
}

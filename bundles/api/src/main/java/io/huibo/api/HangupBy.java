package io.huibo.api;

/** Who ended a call. */
public enum HangupBy implements WireName {
    FROM, TO, API, SYSTEM
}

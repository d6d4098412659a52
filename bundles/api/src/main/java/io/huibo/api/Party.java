package io.huibo.api;

/** The two parties of a callback: {@code from} is called first, {@code to} second. */
public enum Party implements WireName {
    FROM, TO
}

package io.huibo.api;

/**
 * What an API key may do. {@code CALLS}, {@code BINDINGS} and {@code NUMBERS} open those areas of
 * the API; {@code REVEAL} shows real numbers unmasked; {@code ADMIN} covers all of them.
 */
public enum Right implements WireName {
    CALLS, BINDINGS, NUMBERS, REVEAL, ADMIN
}

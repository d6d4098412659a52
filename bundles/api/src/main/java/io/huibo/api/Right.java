package io.huibo.api;

/**
 * What an API key may do. {@code CALLS}, {@code BINDINGS} and {@code NUMBERS} open those areas of
 * the API; {@code REVEAL} shows real numbers unmasked; {@code ADMIN} covers all of these.
 * {@code OPERATOR} belongs to the install, not to a tenant: it assigns numbers to tenants' pools.
 * Only the operator grants it (in {@code etc/} or the shell), and {@code ADMIN} does not imply it.
 */
public enum Right implements WireName {
    CALLS, BINDINGS, NUMBERS, REVEAL, ADMIN, OPERATOR
}

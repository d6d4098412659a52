package io.huibo.api;

/**
 * What the engine knows of its trunk from OPTIONS keep-alives: it answers, it does not, or no
 * keep-alive has told yet (they are off, or the first is still out).
 */
public enum TrunkState implements WireName {
    UP, DOWN, UNKNOWN
}

package io.huibo.api;

/** Where one leg of a call is, from the INVITE to its end. */
public enum LegState implements WireName {
    INVITED, RINGING, ANSWERED, ENDED, FAILED
}

package io.huibo.engine.internal;

/**
 * One measure of how loaded the engine is, in its own unit (milliseconds, a ratio), read by
 * {@link Admission} against a threshold. Reading it must be cheap: it is read for every new call.
 */
interface LoadSignal {

    /** A short name for log lines and refusals, e.g. {@code setup latency}. */
    String name();

    /** The unit {@link #value} is in, for messages: {@code ms}, or empty for a plain ratio. */
    String unit();

    /** The measure at {@code nowNanos} (of the clock the signal was made with). */
    double value(long nowNanos);
}

package io.huibo.engine.internal;

/**
 * The engine's {@link io.huibo.api.EngineStatus} as JMX attributes, under {@link EngineStatusJmx#NAME}:
 * a monitor (the bench, an operator's JConsole) reads them without a database read or a shell login.
 */
public interface EngineStatusMBean {
    int getActiveCalls();

    int getCapacity();

    int getOpenDialogs();

    int getOpenTransactions();

    int getPendingTimers();
}

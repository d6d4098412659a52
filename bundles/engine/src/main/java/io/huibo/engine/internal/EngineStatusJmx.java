package io.huibo.engine.internal;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.CallbackService;

/**
 * Publishes the engine's status on the JVM's platform MBean server for as long as the engine
 * runs. Each read asks the engine once; nothing is sampled or kept in between.
 */
@Component(service = {})
public class EngineStatusJmx implements EngineStatusMBean {
    static final String NAME = "io.huibo:type=Engine";

    private final CallbackService engine;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name;

    @Activate
    public EngineStatusJmx(@Reference CallbackService engine) throws JMException {
        this.engine = engine;
        this.name = new ObjectName(NAME);
        server.registerMBean(new StandardMBean(this, EngineStatusMBean.class), name);
    }

    @Deactivate
    void deactivate() throws JMException {
        server.unregisterMBean(name);
    }

    @Override
    public int getActiveCalls() {
        return engine.status().activeCalls();
    }

    @Override
    public int getCapacity() {
        return engine.status().capacity();
    }

    @Override
    public int getOpenDialogs() {
        return engine.status().openDialogs();
    }

    @Override
    public int getOpenTransactions() {
        return engine.status().openTransactions();
    }

    @Override
    public int getPendingTimers() {
        return engine.status().pendingTimers();
    }
}

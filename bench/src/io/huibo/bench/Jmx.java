package io.huibo.bench;

import java.io.IOException;
import java.lang.management.MemoryUsage;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.VirtualMachine;

/**
 * The Karaf JVM read over JMX, through the local connector the attach API starts in it (no port,
 * no password: only this machine's same user can attach): the engine's own status MBean and the
 * platform's heap, threads and file descriptors. A read costs a few attribute lookups, no GC.
 */
final class Jmx implements AutoCloseable {
    private static final String ENGINE = "io.huibo:type=Engine";

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    /** One sample of what the soak watches, and what a step's drain waits on. */
    record Sample(long atMillis, double heapUsedMb, double heapAfterGcMb, int threads, long fileDescriptors,
            int openTransactions, int openDialogs, int activeCalls) {
    }

    Jmx(long pid) throws IOException {
        String address;
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to the Karaf JVM " + pid, e);
        }
        this.connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        this.server = connector.getMBeanServerConnection();
    }

    /** SIP transactions the engine's stack holds: 0 once every call has ended and its RFC 3261 timers have fired. */
    int openTransactions() throws IOException {
        return engine("OpenTransactions");
    }

    int activeCalls() throws IOException {
        return engine("ActiveCalls");
    }

    Sample sample() throws IOException {
        try {
            MemoryUsage heap = MemoryUsage.from((CompositeData) server.getAttribute(new ObjectName("java.lang:type=Memory"),
                    "HeapMemoryUsage"));
            int threads = (Integer) server.getAttribute(new ObjectName("java.lang:type=Threading"), "ThreadCount");
            long fds = (Long) server.getAttribute(new ObjectName("java.lang:type=OperatingSystem"), "OpenFileDescriptorCount");
            return new Sample(System.currentTimeMillis(), heap.getUsed() / 1048576.0, heapAfterLastGc() / 1048576.0, threads,
                    fds, engine("OpenTransactions"), engine("OpenDialogs"), engine("ActiveCalls"));
        } catch (JMException e) {
            throw new IOException("reading the Karaf JVM's MBeans failed", e);
        }
    }

    /**
     * The heap in use right after the last collection, of any collector: with G1 a young
     * collection leaves the old generation as it was, so this climbs with what stays live.
     * NaN before the first collection.
     */
    private double heapAfterLastGc() throws IOException, JMException {
        long latest = -1;
        double used = Double.NaN;
        for (ObjectName gc : server.queryNames(new ObjectName("java.lang:type=GarbageCollector,*"), null)) {
            CompositeData info = (CompositeData) server.getAttribute(gc, "LastGcInfo");
            if (info == null || (Long) info.get("endTime") <= latest) {
                continue;
            }
            latest = (Long) info.get("endTime");
            long sum = 0;
            for (Object row : ((TabularData) info.get("memoryUsageAfterGc")).values()) {
                CompositeData pool = (CompositeData) row;
                String name = (String) pool.get("key");
                if (name.contains("Eden") || name.contains("Survivor") || name.contains("Old") || name.contains("Tenured")) {
                    sum += MemoryUsage.from((CompositeData) pool.get("value")).getUsed();
                }
            }
            used = sum;
        }
        return used;
    }

    private int engine(String attribute) throws IOException {
        try {
            return (Integer) server.getAttribute(new ObjectName(ENGINE), attribute);
        } catch (JMException e) {
            throw new IOException("the engine's MBean " + ENGINE + " did not answer " + attribute, e);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}

package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.TrunkState;
import io.huibo.api.TrunkStatus;

class EngineStatusJmxTest {
    private static final EngineStatus STATUS = new EngineStatus(3, 1000,
            new TrunkStatus("127.0.0.1", 5060, "udp", 0, TrunkState.UNKNOWN), 5, 7, 11);

    @Test
    void publishesTheEnginesStatusWhileItRunsAndNotAfter() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(EngineStatusJmx.NAME);
        EngineStatusJmx jmx = new EngineStatusJmx(new FixedStatus());

        assertEquals(3, server.getAttribute(name, "ActiveCalls"));
        assertEquals(1000, server.getAttribute(name, "Capacity"));
        assertEquals(5, server.getAttribute(name, "OpenDialogs"));
        assertEquals(7, server.getAttribute(name, "OpenTransactions"));
        assertEquals(11, server.getAttribute(name, "PendingTimers"));

        jmx.deactivate();
        assertFalse(server.isRegistered(name));
    }

    private static final class FixedStatus implements CallbackService {
        @Override
        public Call place(CallbackRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hangUp(String id) {
            return false;
        }

        @Override
        public EngineStatus status() {
            return STATUS;
        }
    }
}

package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.TrunkStatus;

/** Shows the carrier trunk's health as the engine sees it, and the engine's load. */
@Service
@Command(scope = "huibo", name = "trunk", description = "Shows the trunk: address, keep-alive state, calls in progress")
public class TrunkCommand extends HuiboAction {

    @Reference
    CallbackService callbacks;

    @Override
    void run(PrintStream out) {
        EngineStatus status = callbacks.status();
        TrunkStatus trunk = status.trunk();
        ShellTable table = new ShellTable().noHeaders();
        table.column("Field");
        table.column("Value");
        table.addRow().addContent("Trunk", trunk.host() + ":" + trunk.port() + " over " + trunk.transport());
        table.addRow().addContent("Keep-alive", trunk.state().wireName() + ", " + (trunk.keepaliveSeconds() == 0
                ? "OPTIONS keep-alives are off"
                : "OPTIONS every " + trunk.keepaliveSeconds() + " s"));
        table.addRow().addContent("Calls", status.activeCalls() + " of " + status.capacity());
        table.print(out);
    }
}

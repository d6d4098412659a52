package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/** Lists a tenant's most recent calls, callbacks and relayed calls, newest first. */
@Service
@Command(scope = "huibo", name = "calls", description = "Lists a tenant's recent calls, newest first; numbers masked")
public class CallsCommand extends HuiboAction {
    private static final int MAX_LIMIT = 1000;

    @Reference
    CallStore calls;

    @Reference
    TenantService tenants;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant whose calls to list")
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Option(name = "--limit", aliases = "-n", description = "How many calls at most, 1 to " + MAX_LIMIT)
    int limit = 20;

    @Option(name = "--reveal", description = "Shows the parties' numbers whole")
    boolean reveal;

    @Override
    void run(PrintStream out) throws CommandException {
        known(tenants, tenant);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CommandException("--limit must be from 1 to " + MAX_LIMIT);
        }
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Kind");
        table.column("State");
        table.column("From");
        table.column("To");
        table.column("Display");
        table.column("Created");
        table.column("Outcome");
        for (Call call : calls.list(tenant, null, null, limit, null).items()) {
            table.addRow().addContent(call.id(), Shown.wire(call.kind()), Shown.wire(call.state()), Shown.number(call.from(), reveal),
                    Shown.number(call.to(), reveal), call.display().e164(), Shown.time(call.createdAt()), Shown.wire(call.outcome()));
        }
        table.print(out);
    }
}

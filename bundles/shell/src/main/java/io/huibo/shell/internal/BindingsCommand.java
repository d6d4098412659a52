package io.huibo.shell.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.Binding;
import io.huibo.api.BindingService;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/** Lists a tenant's active bindings, or all bindings made for one order. */
@Service
@Command(scope = "huibo", name = "bindings", description = "Lists a tenant's active bindings, or an order's bindings; numbers masked")
public class BindingsCommand extends HuiboAction {

    @Reference
    BindingService bindings;

    @Reference
    TenantService tenants;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant whose bindings to list")
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Option(name = "--order", aliases = "-o", description = "Lists this order's bindings, ended ones included")
    String orderId;

    @Option(name = "--reveal", description = "Shows A and B whole")
    boolean reveal;

    @Override
    void run(PrintStream out) throws CommandException {
        known(tenants, tenant);
        List<Binding> listed = orderId == null ? bindings.findActive(tenant) : bindings.findByOrder(tenant, orderId);
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Mode");
        table.column("X");
        table.column("A");
        table.column("B");
        table.column("Direction");
        table.column("Order");
        table.column("Expires");
        table.column("State");
        for (Binding b : listed) {
            table.addRow().addContent(b.id(), b.mode().name(), b.x().e164(), Shown.number(b.a(), reveal), Shown.number(b.b(), reveal),
                    Shown.wire(b.direction()), b.orderId() == null ? "" : b.orderId(), Shown.time(b.expiresAt()),
                    b.deletedAt() != null ? "deleted" : b.isActive(now) ? "active" : "expired");
        }
        table.print(out);
    }
}

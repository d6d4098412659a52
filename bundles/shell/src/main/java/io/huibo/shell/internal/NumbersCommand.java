package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.NumberPool;
import io.huibo.api.Tenant;
import io.huibo.api.PoolNumber;

/** Lists the pool's virtual numbers. */
@Service
@Command(scope = "huibo", name = "numbers", description = "Lists the virtual numbers of the pool")
public class NumbersCommand extends HuiboAction {

    @Reference
    NumberPool pool;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant whose pool it is", required = false)
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Number");
        table.column("City");
        table.column("Store");
        table.column("Added");
        for (PoolNumber n : pool.list(tenant)) {
            table.addRow().addContent(n.number().e164(), n.city(), n.storeId(), n.addedAt());
        }
        table.print(out);
    }
}

package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.huibo.api.NumberPool;
import io.huibo.api.Tenant;
import io.huibo.api.PhoneNumber;

/** Removes a virtual number from the pool; refused while a binding holds it. */
@Service
@Command(scope = "huibo", name = "number-remove", description = "Removes a virtual number from the pool (not while bound)")
public class NumberRemoveCommand extends HuiboAction {

    @Reference
    NumberPool pool;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant whose pool it is", required = false)
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Argument(index = 0, name = "number", description = "The number, E.164", required = true)
    @Completion(PoolNumberCompleter.class)
    String number;

    @Override
    void run(PrintStream out) {
        pool.remove(tenant, PhoneNumber.ofE164(number));
        out.println("Removed " + number + " from the pool");
    }
}

package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.huibo.api.NumberPool;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;

/** Adds a virtual number to a tenant's pool: the operator's way, beside an operator key. */
@Service
@Command(scope = "huibo", name = "number-add", description = "Adds a virtual number (E.164) to the pool")
public class NumberAddCommand extends HuiboAction {

    @Reference
    NumberPool pool;

    @Reference
    TenantService tenants;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant whose pool it is", required = false)
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Argument(index = 0, name = "number", description = "The number, E.164 (+8657188880001)", required = true)
    String number;

    @Argument(index = 1, name = "city", description = "Its area code, e.g. 0571", required = true)
    String city;

    @Argument(index = 2, name = "store", description = "The store it belongs to", required = false)
    String store;

    @Override
    void run(PrintStream out) throws CommandException {
        if (!known(tenants, tenant).isActive()) {
            throw new CommandException("tenant " + tenant + " is revoked");
        }
        PoolNumber added = pool.add(tenant, PhoneNumber.ofE164(number), city, store);
        out.println("Added " + added.number().e164() + " (" + added.city() + ") to the pool of tenant " + added.tenantId());
    }
}

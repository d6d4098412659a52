package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.ApiKey;
import io.huibo.api.TenantService;

/** Lists a tenant's API keys with their rights; secrets are never shown again. */
@Service
@Command(scope = "huibo", name = "key-list", description = "Lists a tenant's API keys and their rights (never their secrets)")
public class KeyListCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", description = "The tenant's id", required = true)
    @Completion(TenantCompleter.class)
    String tenant;

    @Override
    void run(PrintStream out) throws CommandException {
        known(tenants, tenant);
        ShellTable table = new ShellTable();
        table.column("Key");
        table.column("Rights");
        table.column("Created");
        table.column("Revoked");
        for (ApiKey key : tenants.keys(tenant)) {
            table.addRow().addContent(key.id(), Shown.rights(key.rights()),
                    Shown.time(key.createdAt()), Shown.time(key.revokedAt()));
        }
        table.print(out);
    }
}

package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.TenantService;

/** Revokes a tenant and all its keys; its records stay. */
@Service
@Command(scope = "huibo", name = "tenant-revoke", description = "Revokes a tenant and all its API keys; its records stay")
public class TenantRevokeCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "id", description = "The tenant's id", required = true)
    @Completion(TenantCompleter.class)
    String id;

    @Override
    void run(PrintStream out) throws CommandException {
        if (!tenants.revokeTenant(id)) {
            throw new CommandException("no active tenant " + id);
        }
        out.println("Revoked tenant " + id + ": its API keys no longer authenticate");
    }
}

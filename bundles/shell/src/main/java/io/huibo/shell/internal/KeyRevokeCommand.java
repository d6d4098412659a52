package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.TenantService;

/** Revokes an API key: from now on its requests answer 401. */
@Service
@Command(scope = "huibo", name = "key-revoke", description = "Revokes an API key; its requests answer 401 from now on")
public class KeyRevokeCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "key", description = "The key id", required = true)
    @Completion(KeyCompleter.class)
    String keyId;

    @Override
    void run(PrintStream out) throws CommandException {
        if (!tenants.revokeKey(keyId)) {
            throw new CommandException("no active API key " + keyId);
        }
        out.println("Revoked API key " + keyId);
    }
}

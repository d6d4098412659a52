package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.BindingException;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.InvalidNumberException;
import io.huibo.api.Tenant;
import io.huibo.api.TenantException;
import io.huibo.api.TenantService;

/**
 * A {@code huibo:} command. The services' refusals (an unknown id, a bad number, a conflict)
 * become Karaf's {@link CommandException}, which the console prints as one line and logs at
 * debug only: an operator's mistake is not a server error with a stack trace.
 */
abstract class HuiboAction implements Action {

    @Reference
    Session session;

    @Override
    public final Object execute() throws Exception {
        try {
            run(session.getConsole());
        } catch (TenantException | BindingException | CallbackRejectedException | InvalidNumberException e) {
            throw new CommandException(e.getMessage());
        }
        return null;
    }

    /** Does the command's work, printing to the operator's console. */
    abstract void run(PrintStream out) throws CommandException;

    /** The tenant of that id, revoked or not. */
    static Tenant known(TenantService tenants, String id) throws CommandException {
        return tenants.tenant(id).orElseThrow(() -> new CommandException("no tenant " + id));
    }
}

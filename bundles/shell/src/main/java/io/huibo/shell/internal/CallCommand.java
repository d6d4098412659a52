package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.Call;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/** Places a callback, as {@code POST /api/v1/callbacks} does: FROM is called first, then TO. */
@Service
@Command(scope = "huibo", name = "call", description = "Places a callback: calls FROM, then TO, and bridges them")
public class CallCommand extends HuiboAction {

    @Reference
    CallbackService callbacks;

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "from", description = "Called first: E.164 or national in the tenant's region", required = true)
    String from;

    @Argument(index = 1, name = "to", description = "Called once FROM answers: E.164 or national", required = true)
    String to;

    @Option(name = "--display", aliases = "-d", description = "The pool number both see; the tenant's default if absent")
    @Completion(PoolNumberCompleter.class)
    String display;

    @Option(name = "--tenant", aliases = "-t", description = "The tenant placing it")
    @Completion(TenantCompleter.class)
    String tenant = Tenant.DEFAULT;

    @Override
    void run(PrintStream out) throws CommandException {
        Tenant owner = known(tenants, tenant);
        if (!owner.isActive()) {
            throw new CommandException("tenant " + tenant + " is revoked");
        }
        CallbackRequest.Builder request = CallbackRequest.builder(number("FROM", from, owner), number("TO", to, owner))
                .tenantId(owner.id());
        if (display != null) {
            request.display(number("--display", display, owner));
        }
        Call call = callbacks.place(request.build());
        out.println("Call " + call.id() + " " + call.state().wireName() + ": from " + call.from().masked() + " to "
                + call.to().masked() + " showing " + call.display().e164());
    }

    private static PhoneNumber number(String what, String text, Tenant tenant) throws CommandException {
        try {
            return PhoneNumber.parse(text, tenant.region());
        } catch (InvalidNumberException e) {
            throw new CommandException(what + " is not a phone number in E.164 or the national format of " + tenant.region()
                    + ": " + e.getMessage());
        }
    }
}

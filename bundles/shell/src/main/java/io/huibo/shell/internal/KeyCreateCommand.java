package io.huibo.shell.internal;

import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.ApiKey;
import io.huibo.api.Issued;
import io.huibo.api.Right;
import io.huibo.api.TenantService;
import io.huibo.api.WireName;

/** Creates an API key for a tenant and shows its secret this once. */
@Service
@Command(scope = "huibo", name = "key-create", description = "Creates an API key of a tenant; its secret is shown once")
public class KeyCreateCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Argument(index = 0, name = "tenant", description = "The tenant's id", required = true)
    @Completion(TenantCompleter.class)
    String tenant;

    @Option(name = "--rights", aliases = "-r", required = true,
            description = "Comma-separated rights: calls, bindings, numbers, reveal, admin, operator")
    String rights;

    @Override
    void run(PrintStream out) throws CommandException {
        Issued<ApiKey> issued = tenants.createKey(tenant, parse(rights));
        ApiKey key = issued.value();
        out.println("Created API key of tenant " + key.tenantId() + " with rights "
                + Shown.rights(key.rights()));
        out.println("Key id: " + key.id());
        out.println("Secret: " + issued.secret());
        out.println("The secret is shown once: give it to the client now; Huibo keeps it encrypted and cannot show it again.");
    }

    static Set<Right> parse(String list) throws CommandException {
        Set<Right> parsed = EnumSet.noneOf(Right.class);
        for (String word : list.split(",")) {
            if (word.isBlank()) {
                continue;
            }
            try {
                parsed.add(WireName.parse(Right.class, word.strip()));
            } catch (IllegalArgumentException e) {
                throw new CommandException("unknown right " + word.strip() + "; the rights are calls, bindings, numbers, reveal, admin, operator");
            }
        }
        return parsed;
    }
}

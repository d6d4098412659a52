package io.huibo.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/** Completes the ids of the active tenants. */
@Service
public class TenantCompleter implements Completer {

    @Reference
    TenantService tenants;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        tenants.tenants().stream().filter(Tenant::isActive).forEach(t -> ids.getStrings().add(t.id()));
        return ids.complete(session, commandLine, candidates);
    }
}

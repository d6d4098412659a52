package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/** Lists every tenant, revoked ones included. */
@Service
@Command(scope = "huibo", name = "tenant-list", description = "Lists the tenants, revoked ones included")
public class TenantListCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Override
    void run(PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Id");
        table.column("Name");
        table.column("Region");
        table.column("Webhook URL");
        table.column("Created");
        table.column("Revoked");
        for (Tenant t : tenants.tenants()) {
            table.addRow().addContent(t.id(), t.name(), t.region(), t.webhookUrl() == null ? "" : t.webhookUrl(),
                    Shown.time(t.createdAt()), Shown.time(t.revokedAt()));
        }
        table.print(out);
    }
}

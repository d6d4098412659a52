package io.huibo.shell.internal;

import java.io.PrintStream;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

import io.huibo.api.Issued;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;
import io.huibo.api.WebhookUrlPolicy;

/** Creates a tenant and shows its webhook secret this once. */
@Service
@Command(scope = "huibo", name = "tenant-create", description = "Creates a tenant; its webhook secret is shown once")
public class TenantCreateCommand extends HuiboAction {

    @Reference
    TenantService tenants;

    @Reference
    WebhookUrlPolicy webhookUrls;

    @Argument(index = 0, name = "id", description = "The tenant's id: 1 to 40 letters, digits, - or _", required = true)
    String id;

    @Option(name = "--name", description = "A name to show; the id if absent")
    String name;

    @Option(name = "--region", description = "ISO 3166 region its national-format numbers are read in")
    String region = "CN";

    @Option(name = "--webhook-url", description = "Where its events are POSTed unless a request names its own URL")
    String webhookUrl;

    @Override
    void run(PrintStream out) throws CommandException {
        checkWebhookUrl();
        Issued<Tenant> issued = tenants.createTenant(id, name, region, webhookUrl);
        Tenant tenant = issued.value();
        out.println("Created tenant " + tenant.id() + " (" + tenant.name() + ", region " + tenant.region() + ")");
        out.println("Webhook secret: " + issued.secret());
        out.println("The secret is shown once: it signs this tenant's webhooks; keep it now, it cannot be shown again.");
    }

    private void checkWebhookUrl() throws CommandException {
        Optional<String> refusal = webhookUrl == null ? Optional.empty() : webhookUrls.refusal(webhookUrl);
        if (refusal.isPresent()) {
            throw new CommandException("--webhook-url " + refusal.get());
        }
    }
}

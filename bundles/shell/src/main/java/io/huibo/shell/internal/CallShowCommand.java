package io.huibo.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.table.ShellTable;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.Leg;

/** Shows one call: its parties, times and outcome, and each leg. */
@Service
@Command(scope = "huibo", name = "call-show", description = "Shows a call with its legs, times and outcome; numbers masked")
public class CallShowCommand extends HuiboAction {

    @Reference
    CallStore calls;

    @Argument(index = 0, name = "id", description = "The call's id", required = true)
    @Completion(CallCompleter.class)
    String id;

    @Option(name = "--reveal", description = "Shows the parties' numbers whole")
    boolean reveal;

    @Override
    void run(PrintStream out) throws CommandException {
        Call call = calls.find(id).orElseThrow(() -> new CommandException("no call " + id));
        ShellTable fields = new ShellTable().noHeaders();
        fields.column("Field");
        fields.column("Value");
        fields.addRow().addContent("Id", call.id());
        fields.addRow().addContent("Tenant", call.tenantId());
        fields.addRow().addContent("Kind", Shown.wire(call.kind()));
        fields.addRow().addContent("Binding", call.bindingId() == null ? "" : call.bindingId());
        fields.addRow().addContent("State", Shown.wire(call.state()));
        fields.addRow().addContent("From", Shown.number(call.from(), reveal));
        fields.addRow().addContent("To", Shown.number(call.to(), reveal));
        fields.addRow().addContent("Display", call.display().e164());
        fields.addRow().addContent("User data", call.userData() == null ? "" : call.userData());
        fields.addRow().addContent("Created", Shown.time(call.createdAt()));
        fields.addRow().addContent("Bridged", Shown.time(call.bridgedAt()));
        fields.addRow().addContent("Ended", Shown.time(call.endedAt()));
        fields.addRow().addContent("Duration", call.durationSeconds() == null ? "" : call.durationSeconds() + " s");
        fields.addRow().addContent("Outcome", Shown.wire(call.outcome()));
        fields.addRow().addContent("Hung up by", Shown.wire(call.hangupBy()));
        fields.print(out);
        out.println();
        ShellTable legs = new ShellTable();
        legs.column("Leg");
        legs.column("State");
        legs.column("Invited");
        legs.column("Ringing");
        legs.column("Answered");
        legs.column("Ended");
        legs.column("SIP");
        for (Leg leg : call.legs()) {
            legs.addRow().addContent(Shown.wire(leg.party()), Shown.wire(leg.state()), Shown.time(leg.invitedAt()),
                    Shown.time(leg.ringingAt()), Shown.time(leg.answeredAt()), Shown.time(leg.endedAt()),
                    leg.sipStatus() == null ? "" : leg.sipStatus());
        }
        legs.print(out);
    }
}

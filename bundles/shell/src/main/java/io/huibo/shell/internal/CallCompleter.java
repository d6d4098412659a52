package io.huibo.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.huibo.api.CallStore;

/** Completes the ids of the most recent calls of the tenant the command line names. */
@Service
public class CallCompleter implements Completer {
    private static final int RECENT = 20;

    @Reference
    CallStore calls;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        calls.list(CommandLineTenant.of(commandLine), null, null, RECENT, null).items()
                .forEach(call -> ids.getStrings().add(call.id()));
        return ids.complete(session, commandLine, candidates);
    }
}

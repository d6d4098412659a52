package io.huibo.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.huibo.api.NumberPool;

/** Completes the pool numbers of the tenant the command line names. */
@Service
public class PoolNumberCompleter implements Completer {

    @Reference
    NumberPool pool;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter numbers = new StringsCompleter();
        pool.list(CommandLineTenant.of(commandLine)).forEach(n -> numbers.getStrings().add(n.number().e164()));
        return numbers.complete(session, commandLine, candidates);
    }
}

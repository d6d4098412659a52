package io.huibo.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.console.CommandLine;

import io.huibo.api.Tenant;

/** The tenant a command line being completed names with {@code --tenant} or {@code -t}, else the default one. */
final class CommandLineTenant {

    private CommandLineTenant() {
    }

    static String of(CommandLine commandLine) {
        List<String> words = List.of(commandLine.getArguments());
        for (int i = 0; i < words.size() - 1; i++) {
            if (words.get(i).equals("--tenant") || words.get(i).equals("-t")) {
                return words.get(i + 1);
            }
        }
        return Tenant.DEFAULT;
    }
}

package io.huibo.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The kernel's table of this network namespace's sockets of one kind ({@code /proc/net/tcp} or
 * {@code /proc/net/udp}, and their IPv6 twins): it tells whether a local port is listening
 * without connecting to it, which a SIPp phone would take for a call.
 */
enum SocketTable {
    TCP("tcp", "0A"), // LISTEN
    UDP("udp", "07"); // bound, unconnected

    private final String name;
    private final String state;

    SocketTable(String name, String state) {
        this.name = name;
        this.state = state;
    }

    /** The table SIPp listens in with these arguments: its {@code -t} transport, UDP by default. */
    static SocketTable of(List<String> sippArgs) {
        int t = sippArgs.indexOf("-t");
        String transport = t < 0 || t + 1 >= sippArgs.size() ? "u1" : sippArgs.get(t + 1);
        return transport.startsWith("u") ? UDP : TCP; // t1, tn over TCP; l1, ln over TLS on TCP
    }

    boolean listens(int port) throws IOException {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        for (String file : List.of(name, name + "6")) {
            Path table = Path.of("/proc/net", file);
            if (Files.isReadable(table)) {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.trim().split("\\s+");
                    // sl local_address rem_address st ...; the first line holds the column names
                    if (fields.length > 3 && fields[1].endsWith(suffix) && fields[3].equals(state)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

package io.huibo.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A network namespace of the test's own whose loopback drops a share of the UDP datagrams it
 * receives, at random (an nftables rule; {@code tc netem} is not available everywhere). What runs
 * in it, through {@link #command}, talks SIP over that loopback; the test JVM reaches it over
 * TCP, which is never dropped, through a veth pair in the benchmarking range 198.18.0.0/15
 * (RFC 2544), which no real network uses. Closing deletes the namespace and with it the pair.
 */
final class LossyNamespace implements AutoCloseable {
    private static final String PREFIX = "huibo-loss-";
    private final String name;
    private final String address;

    private LossyNamespace(String name, String address) {
        this.name = name;
        this.address = address;
    }

    /**
     * Creates the namespace with {@code lossPercent} % of the UDP datagrams dropped on input.
     *
     * @throws Unavailable when this machine lets the test make no namespace (no CAP_NET_ADMIN, no ip)
     * @throws IOException when the namespace was made but its network could not be, e.g. without nft
     */
    static LossyNamespace create(int lossPercent) throws IOException, InterruptedException {
        deleteLeftovers();
        long id = ProcessHandle.current().pid();
        String name = PREFIX + id;
        // one /30 of 198.18.0.0/16 at random: .1 on the host side, .2 in the namespace
        int subnet = ThreadLocalRandom.current().nextInt(1 << 14) * 4;
        String prefix = "198.18." + (subnet >> 8) + ".";
        String hostSide = "hl" + id + "h";
        String nsSide = "hl" + id + "n";
        try {
            run("ip", "netns", "add", name);
        } catch (IOException e) {
            throw new Unavailable(e);
        }
        LossyNamespace ns = new LossyNamespace(name, prefix + (subnet % 256 + 2));
        try {
            ns.inside("ip", "link", "set", "lo", "up");
            run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide, "netns", name);
            run("ip", "addr", "add", prefix + (subnet % 256 + 1) + "/30", "dev", hostSide);
            run("ip", "link", "set", hostSide, "up");
            ns.inside("ip", "addr", "add", ns.address + "/30", "dev", nsSide);
            ns.inside("ip", "link", "set", nsSide, "up");
            ns.inside("nft", "add", "table", "inet", "loss");
            ns.inside("nft", "add", "chain", "inet", "loss", "in", "{ type filter hook input priority 0; }");
            ns.inside("nft", "add", "rule", "inet", "loss", "in", "meta", "l4proto", "udp", "numgen", "random", "mod", "100",
                    "<", String.valueOf(lossPercent), "counter", "drop");
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** Deletes the namespaces of earlier test JVMs that were killed before they could: named by their process id. */
    private static void deleteLeftovers() throws InterruptedException {
        try {
            for (String line : output(List.of("ip", "netns", "list")).split("\n")) {
                String name = line.split(" ")[0];
                if (name.startsWith(PREFIX) && ProcessHandle.of(Long.parseLong(name.substring(PREFIX.length()))).isEmpty()) {
                    run("ip", "netns", "del", name);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // nothing to clean, or not ours: create() says whether a namespace can be made
        }
    }

    /** No namespace can be made here. */
    static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The namespace's end of the veth pair, where the host reaches what listens in it. */
    String address() {
        return address;
    }

    /** {@code command} as a process to start inside the namespace. */
    List<String> command(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name));
        wrapped.addAll(command);
        return wrapped;
    }

    /** How many UDP datagrams the rule has dropped so far, from its nftables counter; -1 if unreadable. */
    long dropped() throws InterruptedException {
        try {
            String rules = output(command(List.of("nft", "list", "table", "inet", "loss")));
            Matcher match = Pattern.compile("packets (\\d+)").matcher(rules);
            return match.find() ? Long.parseLong(match.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private void inside(String... command) throws IOException, InterruptedException {
        run(command(List.of(command)).toArray(new String[0]));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        output(List.of(command));
    }

    private static String output(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
        return output;
    }

    /** Deletes the namespace, and so its veth pair; whatever still runs in it loses its network. */
    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "del", name);
    }
}

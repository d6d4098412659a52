package io.huibo.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A phone played by SIPp on loopback: one call of one scenario, bounded by SIPp's own global
 * timeout, with every message it sent and received logged for the test to read.
 */
final class SippPhone {
    private static final int TIMEOUT_SECONDS = 40;
    private static final int LISTEN_SECONDS = 20;

    private final Process process;
    private final Path messages;
    private final Path output;
    private final int timeoutSeconds;

    private SippPhone(Process process, Path messages, Path output, int timeoutSeconds) {
        this.process = process;
        this.messages = messages;
        this.output = output;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * A phone answering {@code calls} calls on {@code port}, returned once it listens there;
     * {@code extra} are more SIPp arguments. Over TCP a call placed to a SIPp still starting up is
     * refused at once, with no retransmission to cover it: on a slow machine that was a failed call.
     */
    static SippPhone start(Path scenario, int port, Path dir, int calls, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-i", "127.0.0.1", "-p", String.valueOf(port)));
        args.addAll(List.of(extra));
        SippPhone phone = run(scenario, dir, calls, args);
        phone.awaitListening(port, SocketTable.of(args));
        return phone;
    }

    /** A caller on {@code localIp}:{@code localPort} placing one call to {@code target}. */
    static SippPhone call(Path scenario, String localIp, int localPort, String target, Path dir, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-i", localIp, "-p", String.valueOf(localPort), target));
        args.addAll(List.of(extra));
        return run(scenario, dir, 1, args);
    }

    private static SippPhone run(Path scenario, Path dir, int calls, List<String> args) throws IOException {
        return run(List.of(), scenario, dir, calls, TIMEOUT_SECONDS, args);
    }

    /**
     * SIPp run by {@code launcher} (e.g. {@code ip netns exec NS}), for {@code calls} calls of
     * {@code scenario} within {@code timeoutSeconds} in all; {@code args} name its address, peer and pace.
     */
    static SippPhone run(List<String> launcher, Path scenario, Path dir, int calls, int timeoutSeconds, List<String> args)
            throws IOException {
        Files.createDirectories(dir);
        Path messages = dir.resolve("messages.log");
        Path output = dir.resolve("sipp.out");
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("sipp", "-sf", scenario.toString()));
        command.addAll(args);
        command.addAll(List.of("-m", String.valueOf(calls), "-nostdin", "-timeout", timeoutSeconds + "s", "-timeout_error",
                "-trace_msg", "-message_file", messages.toString(),
                "-trace_err", "-error_file", dir.resolve("errors.log").toString()));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new SippPhone(process, messages, output, timeoutSeconds);
    }

    private void awaitListening(int port, SocketTable table) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LISTEN_SECONDS);
        while (!table.listens(port)) {
            if (!process.isAlive()) {
                throw new AssertionError("SIPp ended before it listened on port " + port + "; see " + output);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("SIPp did not listen on port " + port + " within " + LISTEN_SECONDS + " s; see " + output);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while SIPp started", e);
            }
        }
    }

    /** SIPp's exit status: 0 when each of its calls followed the scenario to the end. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(timeoutSeconds + 10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("SIPp did not finish; see " + output);
        }
        return process.exitValue();
    }

    /** Whether SIPp has finished, its scenario done or failed. */
    boolean hasExited() {
        return !process.isAlive();
    }

    /** Every SIP message the phone sent or received. */
    String messages() throws IOException {
        return Files.readString(messages, StandardCharsets.UTF_8);
    }

    /** Where SIPp's own output is, for assertion messages. */
    Path output() {
        return output;
    }

    void stop() {
        process.destroyForcibly();
    }
}

package io.huibo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SIPp process, run in the background in a directory of its own, with its statistics dumped
 * every second ({@code -trace_stat -fd 1}) and every response time written ({@code -trace_rtt
 * -rtt_freq 1}). Every instance is bounded by SIPp's own global {@code -timeout} and is stopped by
 * its process id.
 */
final class Sipp {
    private static final Pattern BACKGROUND_PID = Pattern.compile("PID=\\[(\\d+)\\]");

    final String name;
    final Path dir;
    private final long pid;

    private Sipp(String name, Path dir, long pid) {
        this.name = name;
        this.dir = dir;
        this.pid = pid;
    }

    /** Starts {@code sipp} with {@code args} (the scenario, addresses, rate…) plus the common bounds and traces. */
    static Sipp start(String name, Path dir, int timeoutSeconds, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of("sipp"));
        command.addAll(args);
        command.addAll(List.of("-nostdin", "-bg", "-timeout", timeoutSeconds + "s", "-trace_stat", "-stf", "stat.csv",
                "-fd", "1", "-trace_rtt", "-rtt_freq", "1", "-trace_err", "-error_file", "errors.log"));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sipp.out").toFile()).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("sipp " + name + " did not go to the background");
        }
        String out = Files.readString(dir.resolve("sipp.out"), StandardCharsets.ISO_8859_1);
        Matcher m = BACKGROUND_PID.matcher(out);
        if (!m.find()) {
            throw new IOException("sipp " + name + " did not start: " + out.strip());
        }
        return new Sipp(name, dir, Long.parseLong(m.group(1)));
    }

    long pid() {
        return pid;
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits at most {@code millis} for the process to end of itself (a UAC past its -m calls). */
    boolean awaitExit(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (alive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        return !alive();
    }

    void stop() throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(3, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    /** The last statistics row, by column name (cumulative counters end in "(C)"). */
    Map<String, String> stats() throws IOException {
        Path file = dir.resolve("stat.csv");
        Map<String, String> row = new HashMap<>();
        if (!Files.exists(file)) {
            return row;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        if (lines.size() < 2) {
            return row;
        }
        String[] names = lines.get(0).split(";");
        String[] values = lines.get(lines.size() - 1).split(";");
        for (int i = 0; i < Math.min(names.length, values.length); i++) {
            row.put(names[i], values[i]);
        }
        return row;
    }

    long counter(String name) throws IOException {
        String value = stats().get(name);
        return value == null || value.isBlank() ? 0 : Long.parseLong(value.strip());
    }

    /** Every response time (ms) of response-time counter 1 this instance measured. */
    List<Double> responseTimes() throws IOException {
        List<Double> times = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith("_rtt.csv")).toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                    String[] f = line.split(";");
                    if (f.length >= 3 && f[2].strip().equals("1") && !f[1].isBlank() && Character.isDigit(f[1].charAt(0))) {
                        times.add(Double.parseDouble(f[1]));
                    }
                }
            }
        }
        return times;
    }
}

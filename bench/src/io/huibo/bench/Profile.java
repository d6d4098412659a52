package io.huibo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JFR recording's CPU samples ({@code jdk.ExecutionSample}) boiled down to where the time went:
 * the share of samples whose stack passes through each part of the system (inclusive), the
 * hottest top frames (self time) and the busiest threads.
 */
final class Profile {
    /** Parts of the system by the package prefixes of their frames; a sample may count in several. */
    private static final Map<String, List<String>> PARTS = new LinkedHashMap<>();

    static {
        PARTS.put("Derby (SQL, log writes, locks)", List.of("org.apache.derby."));
        PARTS.put("Huibo store (JDBC code)", List.of("io.huibo.store."));
        PARTS.put("JAIN-SIP stack", List.of("gov.nist.", "android.gov.nist."));
        PARTS.put("Jetty / pax-web (HTTP)", List.of("org.eclipse.jetty.", "org.ops4j.pax.web."));
        PARTS.put("Huibo REST (auth, JSON)", List.of("io.huibo.rest."));
        PARTS.put("Huibo engine", List.of("io.huibo.engine."));
        PARTS.put("Huibo binding", List.of("io.huibo.binding."));
        PARTS.put("Logging (pax-logging, log4j)", List.of("org.ops4j.pax.logging.", "org.apache.logging.", "org.apache.log4j."));
        PARTS.put("EventAdmin", List.of("org.apache.felix.eventadmin."));
        PARTS.put("Gson", List.of("com.google.gson."));
        PARTS.put("Crypto (HMAC, SHA-256, AES)", List.of("javax.crypto.", "com.sun.crypto.", "sun.security.provider."));
    }

    final int samples;
    final Map<String, Integer> parts;
    final List<Map.Entry<String, Integer>> topFrames;
    final List<Map.Entry<String, Integer>> threads;
    /** Where threads waited: "event: what" → total milliseconds, the longest first. */
    final List<Map.Entry<String, Double>> waits;

    private Profile(int samples, Map<String, Integer> parts, List<Map.Entry<String, Integer>> topFrames,
            List<Map.Entry<String, Integer>> threads, List<Map.Entry<String, Double>> waits) {
        this.samples = samples;
        this.parts = parts;
        this.topFrames = topFrames;
        this.threads = threads;
        this.waits = waits;
    }

    static Profile of(Path recording) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64",
                recording.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Map<String, Integer> parts = new LinkedHashMap<>();
        PARTS.keySet().forEach(k -> parts.put(k, 0));
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        String thread = null;
        List<String> stack = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("jdk.ExecutionSample")) {
                thread = null;
                stack = null;
            } else if (line.startsWith("sampledThread = ")) {
                int q = line.indexOf('"');
                int e = line.indexOf('"', q + 1);
                thread = q >= 0 && e > q ? line.substring(q + 1, e).replaceAll("\\d+", "#") : "?";
            } else if (line.startsWith("stackTrace = [")) {
                stack = new ArrayList<>();
            } else if (stack != null && line.equals("]")) {
                samples++;
                if (!stack.isEmpty()) {
                    top.merge(stack.get(0), 1, Integer::sum);
                }
                threads.merge(thread == null ? "?" : thread, 1, Integer::sum);
                for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                    if (stack.stream().anyMatch(f -> part.getValue().stream().anyMatch(f::startsWith))) {
                        parts.merge(part.getKey(), 1, Integer::sum);
                    }
                }
                stack = null;
            } else if (stack != null && !line.equals("...")) {
                int paren = line.indexOf('(');
                stack.add(paren > 0 ? line.substring(0, paren) : line);
            }
        }
        return new Profile(samples, parts, sorted(top, 12), sorted(threads, 8), waits(recording));
    }

    /**
     * Blocked time from the recording's monitor-enter, park, fsync and file-write events (JFR's
     * profile settings record those over 10–20 ms), by the monitor's class, the parking code's
     * first non-JDK frame, or the file written (Derby's log is written in synchronous mode).
     */
    private static List<Map.Entry<String, Double>> waits(Path recording) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jfr", "print", "--events", "jdk.JavaMonitorEnter,jdk.ThreadPark,jdk.FileForce,jdk.FileWrite",
                "--stack-depth", "12", recording.toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        Map<String, Double> total = new HashMap<>();
        String event = null;
        String what = null;
        double millis = 0;
        boolean inStack = false;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("jdk.JavaMonitorEnter") || line.startsWith("jdk.ThreadPark") || line.startsWith("jdk.FileForce")
                    || line.startsWith("jdk.FileWrite")) {
                event = line.substring(4, line.indexOf(' ') > 0 ? line.indexOf(' ') : line.length());
                what = null;
                millis = 0;
                inStack = false;
            } else if (line.startsWith("duration = ")) {
                millis = duration(line.substring("duration = ".length()));
            } else if (line.startsWith("monitorClass = ") || line.startsWith("path = ")) {
                what = line.substring(line.indexOf('=') + 2).replaceAll(" \\(classLoader.*", "");
            } else if (line.startsWith("stackTrace = [")) {
                inStack = true;
            } else if (inStack && line.equals("]")) {
                inStack = false;
            } else if (inStack && what == null && !line.startsWith("java.") && !line.startsWith("jdk.") && !line.startsWith("sun.")
                    && !line.equals("...")) {
                int paren = line.indexOf('(');
                what = "in " + (paren > 0 ? line.substring(0, paren) : line);
            } else if (line.equals("}") && event != null) {
                total.merge(event + ": " + (what == null ? "?" : what), millis, Double::sum);
                event = null;
            }
        }
        // idle waits are not contention: Jetty's threads waiting for work, JDK-only stacks (idle executors)
        total.keySet().removeIf(k -> k.endsWith(": ?") || k.contains("BlockingArrayQueue.poll") || k.contains("reservedWait"));
        return total.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10).toList();
    }

    private static double duration(String text) {
        String[] f = text.strip().split("\\s+");
        try {
            double v = Double.parseDouble(f[0].replace(",", ""));
            String unit = f.length > 1 ? f[1] : "ms";
            return switch (unit) {
                case "s" -> v * 1000;
                case "us" -> v / 1000;
                case "ns" -> v / 1e6;
                case "min" -> v * 60_000;
                default -> v;
            };
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n).toList();
    }

    String percent(int count) {
        return samples == 0 ? "0 %" : String.format("%.0f %%", 100.0 * count / samples);
    }
}

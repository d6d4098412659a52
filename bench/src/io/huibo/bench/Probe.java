package io.huibo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Karaf JVM spends: CPU time from /proc/&lt;pid&gt;/stat, heap from a {@code jstat -gc}
 * sampler running once a second, live objects after a full GC from {@code jcmd GC.class_histogram},
 * and JFR recordings on demand.
 */
final class Probe implements AutoCloseable {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    final long pid;
    private final Process jstat;
    private final List<HeapSample> samples = new ArrayList<>();

    record HeapSample(long atMillis, double usedMb, long youngGcs, long fullGcs, double gcSeconds) {
    }

    record Cpu(long atNanos, long ticks) {
        /** Percent of one core used between {@code earlier} and this. */
        double percentSince(Cpu earlier) {
            double seconds = (atNanos - earlier.atNanos) / 1e9;
            return seconds <= 0 ? 0 : 100.0 * (ticks - earlier.ticks) / TICKS_PER_SECOND / seconds;
        }
    }

    /** Live heap after a full GC: total bytes, and instances by class name. */
    record Histogram(long totalBytes, Map<String, Long> instances, Map<String, Long> bytes) {
        long count(String className) {
            return instances.getOrDefault(className, 0L);
        }

        /** The classes whose live bytes grew most since {@code earlier}, with the growth, largest first. */
        List<Map.Entry<String, Long>> grownSince(Histogram earlier, int limit) {
            return bytes.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - earlier.bytes().getOrDefault(e.getKey(), 0L)))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit).toList();
        }
    }

    Probe(long pid) throws IOException {
        this.pid = pid;
        this.jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "1000").redirectErrorStream(true).start();
        Thread reader = new Thread(this::readJstat, "bench-jstat");
        reader.setDaemon(true);
        reader.start();
    }

    private void readJstat() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
            String[] header = null;
            for (String line; (line = in.readLine()) != null;) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 0 && f[0].equals("S0C")) {
                    header = f;
                    continue;
                }
                if (header == null || f.length != header.length) {
                    continue;
                }
                Map<String, Double> v = new LinkedHashMap<>();
                for (int i = 0; i < f.length; i++) {
                    try {
                        v.put(header[i], Double.parseDouble(f[i]));
                    } catch (NumberFormatException e) {
                        v.put(header[i], 0.0);
                    }
                }
                double usedKb = v.getOrDefault("S0U", 0.0) + v.getOrDefault("S1U", 0.0) + v.getOrDefault("EU", 0.0)
                        + v.getOrDefault("OU", 0.0);
                synchronized (samples) {
                    samples.add(new HeapSample(System.currentTimeMillis(), usedKb / 1024,
                            v.getOrDefault("YGC", 0.0).longValue(), v.getOrDefault("FGC", 0.0).longValue(),
                            v.getOrDefault("GCT", 0.0)));
                }
            }
        } catch (IOException e) {
            // the sampler ends with the JVM it watches
        }
    }

    /** The heap samples taken between two instants. */
    List<HeapSample> heapBetween(long fromMillis, long toMillis) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atMillis >= fromMillis && s.atMillis <= toMillis).toList();
        }
    }

    Cpu cpu() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state is field 3, utime field 14 and stime field 15
        return new Cpu(System.nanoTime(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
    }

    static Cpu cpuOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Cpu(System.nanoTime(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
            return new Cpu(System.nanoTime(), 0);
        }
    }

    /** Forces a full GC (the histogram's own) and counts what is still live. */
    Histogram histogram() throws IOException, InterruptedException {
        Map<String, Long> instances = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        long total = 0;
        for (String line : jcmd("GC.class_histogram").split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                instances.merge(f[3], Long.parseLong(f[1]), Long::sum);
                bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
            } else if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            }
        }
        return new Histogram(total, instances, bytes);
    }

    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        jstat.destroy();
    }
}

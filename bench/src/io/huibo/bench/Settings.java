package io.huibo.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The run's settings, handed in by bench/run as system properties (each with its default here). */
record Settings(String http, String keyId, String secret, long pid, Path work, Path results, Path scenarios, Path readme,
        String date, int sipPort, int phoneA, int phoneB, int trunkPort, int portBase, List<Integer> steps, int stepSeconds,
        int baselineSeconds, int answerDelayMs, int holdMs, int relayBindings, int bindSeconds, int bindWorkers,
        int memoryCalls, int overloadSeconds, int profileSeconds, int warmupSeconds, long deadlineMillis, String karafConfig,
        Path engineConfig, String mode, int soakMinutes, int soakRate, String database) {

    /** The highest rate the baseline is offered: past it, SIPp's controllers rather than the phones would be measured. */
    static final int BASELINE_CAP = 5000;

    /**
     * The baseline's steps: the callback steps, then a quarter more each time (in 50s) up to
     * {@link #BASELINE_CAP}; the run stops at its first unclean step, so that the ratio is against
     * the baseline's own limit rather than against the top callback step.
     */
    List<Integer> baselineSteps() {
        List<Integer> all = new ArrayList<>(steps);
        for (int rate = steps.get(steps.size() - 1); rate < BASELINE_CAP;) {
            rate = Math.min(BASELINE_CAP, Math.max(rate + 50, Math.round(rate * 1.25f / 50) * 50));
            all.add(rate);
        }
        return all;
    }

    static Settings fromSystemProperties() {
        return new Settings(required("bench.http"), required("bench.keyId"), required("bench.secret"),
                Long.parseLong(required("bench.pid")), Path.of(required("bench.work")), Path.of(required("bench.results")),
                Path.of(required("bench.scenarios")), Path.of(required("bench.readme")), required("bench.date"),
                integer("bench.sipPort", 15060), integer("bench.phoneA", 15061), integer("bench.phoneB", 15062),
                integer("bench.trunkPort", 15070), integer("bench.portBase", 15100),
                Arrays.stream(System.getProperty("bench.steps", "100,300,400,500,600,800").split(",")).map(String::strip)
                        .map(Integer::valueOf).toList(),
                integer("bench.stepSeconds", 12), integer("bench.baselineSeconds", 10), integer("bench.answerDelayMs", 100),
                integer("bench.holdMs", 1000), integer("bench.relayBindings", 200), integer("bench.bindSeconds", 15),
                integer("bench.bindWorkers", 16), integer("bench.memoryCalls", 5000), integer("bench.overloadSeconds", 30),
                integer("bench.profileSeconds", 10), integer("bench.warmupSeconds", 10),
                System.currentTimeMillis() + 1000L * integer("bench.budgetSeconds", 780), System.getProperty("bench.karafConfig", ""),
                Path.of(required("bench.engineConfig")), System.getProperty("bench.mode", "full"),
                integer("bench.soakMinutes", 60), integer("bench.soakRate", 0), System.getProperty("bench.database", "derby"));
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + name + " is missing");
        }
        return value;
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(fallback)));
    }
}

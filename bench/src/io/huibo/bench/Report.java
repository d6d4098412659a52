package io.huibo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes bench/results/&lt;date&gt;.md (the tables, the targets with pass or miss, the profiles and
 * the facts of the run) with its chart &lt;date&gt;.png, and puts the latest table and chart into
 * the README between its bench markers.
 */
final class Report {
    static final String README_START = "<!-- bench:start -->";
    static final String README_END = "<!-- bench:end -->";

    private final Bench b;

    Report(Bench bench) {
        this.b = bench;
    }

    void write() throws IOException {
        Settings s = b.s;
        Files.createDirectories(s.results());
        Path png = s.results().resolve(s.date() + ".png");
        Chart.write(png, "Huibo benchmark " + s.date() + " — callbacks vs SIPp's own 3pcc controller, relayed calls",
                List.of(new Chart.Series("Huibo callbacks", b.callbacks), new Chart.Series("SIPp 3pcc baseline", b.baseline),
                        new Chart.Series("Huibo relayed (AXB)", b.relay)));
        String table = table();
        String targets = targets();
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark ").append(s.date()).append("\n\n");
        md.append("Made by `bench/run`. Everything on loopback on one machine: Huibo (one Karaf JVM), SIPp phones, ")
                .append("SIPp's controllers and the load generator share its cores. ")
                .append(String.format("This machine's CPU mark: %.0f SHA-256 digests of 1 KiB a second on one thread", b.cpuMark))
                .append(" (compare runs on other machines by it).\n\n");
        md.append("![throughput and latency per step](").append(png.getFileName()).append(")\n\n");
        md.append("## Results\n\n").append(table).append('\n').append(legend()).append('\n');
        for (StorageRun other : otherDatabases()) {
            md.append("## Derby and ").append(other.database()).append(", side by side\n\n").append(sideBySide(other)).append('\n');
        }
        md.append("## Targets\n\n").append(targets).append('\n');
        md.append("## Profiles (JFR, `jdk.ExecutionSample`, separate runs after the measured ones)\n\n").append(profiles());
        md.append("## The run\n\n");
        for (Map.Entry<String, String> fact : b.facts.entrySet()) {
            md.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        md.append("- settings: steps ").append(s.steps()).append("/s (the baseline's ").append(s.baselineSteps()).append("/s), ")
                .append(s.stepSeconds()).append(" s each (baseline ")
                .append(s.baselineSeconds()).append(" s); phones answer ").append(s.answerDelayMs())
                .append(" ms after the INVITE; calls held ").append(s.holdMs()).append(" ms; ").append(s.relayBindings())
                .append(" AXB bindings for the relay; ").append(s.memoryCalls()).append(" calls for the heap measurement\n");
        if (!s.karafConfig().isBlank()) {
            md.append("- Huibo configuration for the run: ").append(s.karafConfig()).append('\n');
        }
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", load average at the end ").append(loadAverage()).append('\n');
        Files.writeString(s.results().resolve(s.date() + ".md"), md.toString(), StandardCharsets.UTF_8);
        updateReadme(png.getFileName().toString(), table, targets);
    }

    private String table() {
        StringBuilder t = new StringBuilder();
        t.append("| test | offered/s | offered | completed/s | failed | shed (503/429) | SIP retrans | setup p50 / p95 / p99 ms")
                .append(" | p99 beyond answer delay, ms | clean | CPU % (1 core = 100) | heap max MB | × baseline's limit | notes |\n");
        t.append("|---|---:|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---:|---|\n");
        List<Row> all = new ArrayList<>();
        all.addAll(b.callbacks);
        all.addAll(b.baseline);
        all.addAll(b.relay);
        all.addAll(b.other);
        for (Row r : all) {
            t.append("| ").append(r.test()).append(" | ").append(num(r.offeredRate())).append(" | ").append(r.offered())
                    .append(" | ").append(num(r.completedRate())).append(" | ").append(r.failed()).append(" | ")
                    .append(r.shed()).append(" | ").append(retransmissions(r)).append(" | ")
                    .append(num(r.p50())).append(" / ").append(num(r.p95())).append(" / ").append(num(r.p99())).append(" | ")
                    .append(num(r.overheadP99())).append(" | ").append(cleanliness(r)).append(" | ").append(num(r.cpuPercent())).append(" | ")
                    .append(r.test().startsWith("heap per") ? "" : num(r.heapMaxMb())).append(" | ").append(ratio(r))
                    .append(" | ").append(r.note().replace("|", "/")).append(" |\n");
        }
        return t.toString();
    }

    /** The storage runs of this date on other databases (bench/run --database), if any were made. */
    private List<StorageRun> otherDatabases() throws IOException {
        String prefix = b.s.date() + "-";
        List<StorageRun> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(b.s.results())) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".json"))
                    .sorted().toList()) {
                runs.add(StorageRun.read(file));
            }
        }
        return runs;
    }

    /**
     * This run's storage steps (callbacks, binding API) beside the same steps of {@code other}: the
     * steps either reached, each database's completed rate, p99 (a callback's setup, a binding
     * operation's answer) and whether the step was clean.
     */
    private String sideBySide(StorageRun other) {
        String them = other.database();
        StringBuilder t = new StringBuilder();
        t.append("| test | offered/s | Derby completed/s | Derby p99 ms | Derby clean | ").append(them).append(" completed/s | ")
                .append(them).append(" p99 ms | ").append(them).append(" clean |\n");
        t.append("|---|---:|---:|---:|---|---:|---:|---|\n");
        List<Row> ours = new ArrayList<>(b.callbacks);
        b.other.stream().filter(r -> r.test().equals("binding API ops")).forEach(ours::add);
        StorageRun derby = new StorageRun("Derby", "", b.cpuMark, ours);
        List<Row> keys = new ArrayList<>(ours);
        other.rows().stream().filter(r -> derby.find(r.test(), r.offeredRate()) == null).forEach(keys::add);
        for (Row key : keys) {
            t.append("| ").append(key.test()).append(" | ").append(num(key.offeredRate())).append(" | ")
                    .append(figures(derby.find(key.test(), key.offeredRate()))).append(" | ")
                    .append(figures(other.find(key.test(), key.offeredRate()))).append(" |\n");
        }
        t.append("\n").append(them).append(": ").append(other.note().isBlank() ? "set-up not recorded" : other.note())
                .append(String.format(". CPU mark of its run %.0f digests/s, of this run %.0f: figures of runs on a machine", other.cpuMark(), b.cpuMark))
                .append(" busier in one of them are not comparable.\n");
        return t.toString();
    }

    /** A storage step's completed rate, p99 and cleanliness, as three cells; dashes for a step not reached. */
    private static String figures(Row r) {
        if (r == null) {
            return "– | – | –";
        }
        String clean = r.messages() == 0 ? r.failed() + " failed" : cleanliness(r);
        return num(r.completedRate()) + " | " + num(r.p99()) + " | " + clean;
    }

    private String legend() {
        return """
                - **callback**: `POST /api/v1/callbacks` (signed) at an even pace; Huibo rings the merchant's phone, then the \
                customer's with the first's offer (RFC 3725 flow I), and hangs both up after `maxDurationSeconds` = 1, as \
                SIPp's 3pcc controller does after its 1 s pause. *completed*: the stored record was bridged and ended \
                normally; *failed* also counts calls a phone aborted (the larger of the two counts). *setup*: `bridgedAt` of the stored record − the moment the generator sent the POST (same clock), \
                so it includes the HTTP request; *beyond answer delay*: setup − 2 × the phones' answer delay.
                - **SIPp 3pcc baseline**: `sipp -sn 3pcc-C-A` and `-sn 3pcc-C-B` (twin mode) place the same flow on the same \
                two phone processes at the same rates; *setup* there is the merchant phone's INVITE-in → ACK-in time, \
                which for Huibo's callbacks is in the row's notes as the phones' view (`SIP p99`). *vs SIPp baseline*: \
                the step's offered rate ÷ the baseline's own limit, its highest clean step (it runs up to its first unclean one, \
                at most 5,000/s).
                - **relay (AXB)**: a SIPp caller dials the X of an active binding; Huibo answers it and calls B (a SIPp \
                phone answering after the same delay); the caller hangs up after the hold time and Huibo relays the BYE. \
                *setup*: the caller's INVITE → 200 OK; *beyond answer delay*: − 1 × the delay.
                - **binding API ops**: bind, update, unbind through the signed API, measured after an unreported warm-up \
                as long as the callbacks'; *completed/s* is operations a second, latencies per operation.
                - *clean*: 0 failed, 0 shed, setup p99 at most 200 ms beyond the answer delays, and retransmissions at most \
                1 % of the step's messages (12 a call: two legs of INVITE, 180, 200, ACK, BYE, 200). Each step starts only once \
                the one before has drained: no call in the engine, no SIP transaction in its stack (its `io.huibo:type=Engine` \
                MBean), and Huibo under 10 % of a core for 2 s (60 s at most; the wait is in the notes).
                - *SIP retrans*: retransmissions SIPp itself sent (200 OKs not acknowledged in time, requests not answered). \
                *CPU*: of the Karaf JVM, from /proc, over the offering window (baseline: of the two SIPp controllers). \
                *heap max*: the highest used heap `jstat -gc` saw in the step (before GC).
                """;
    }

    private String targets() {
        StringBuilder t = new StringBuilder("| target | measured | verdict |\n|---|---|---|\n");
        Row cb = Bench.highestClean(b.callbacks);
        Row cbLatency = null;
        for (Row r : b.callbacks) {
            if (r.clean() && r.overheadP99() <= 20 && (cbLatency == null || r.offeredRate() > cbLatency.offeredRate())) {
                cbLatency = r;
            }
        }
        Row base = Bench.highestClean(b.baseline);
        Row rl = Bench.highestClean(b.relay);
        double topStep = b.s.baselineSteps().get(b.s.baselineSteps().size() - 1);
        t.append("| ≥ 500 callbacks/s clean | highest clean step: ").append(cb == null ? "none" : num(cb.offeredRate()) + "/s")
                .append(" | ").append(verdict(cb != null && cb.offeredRate() >= 500)).append(" |\n");
        t.append("| … and p99 setup ≤ 20 ms beyond the phones' answer delay | highest clean step within 20 ms: ")
                .append(cbLatency == null ? "none" : num(cbLatency.offeredRate()) + "/s (p99 +" + num(cbLatency.overheadP99()) + " ms)")
                .append(cb == null ? "" : "; at " + num(cb.offeredRate()) + "/s: +" + num(cb.overheadP99()) + " ms")
                .append(" | ").append(verdict(cbLatency != null && cbLatency.offeredRate() >= 500)).append(" |\n");
        String limit = base == null ? "none" : num(base.offeredRate()) + "/s"
                + (base.offeredRate() >= topStep ? " (clean at the cap, so its own limit is higher: the ratio is an upper bound)" : "");
        double ratio = cb == null || base == null ? 0 : cb.offeredRate() / base.offeredRate();
        t.append("| callbacks clean at ≥ 0.5 × the SIPp baseline's own limit | Huibo ").append(cb == null ? "0" : num(cb.offeredRate()))
                .append("/s ÷ baseline ").append(limit).append(" = ").append(String.format("%.2f", ratio)).append(" | ")
                .append(verdict(ratio >= 0.5)).append(" |\n");
        t.append("| ≥ 500 relayed calls/s clean | highest clean step: ").append(rl == null ? "none" : num(rl.offeredRate()) + "/s")
                .append(" | ").append(verdict(rl != null && rl.offeredRate() >= 500)).append(" |\n");
        double relayRatio = rl == null || base == null ? 0 : rl.offeredRate() / base.offeredRate();
        t.append("| relayed calls clean at ≥ 0.5 × the baseline's own limit | Huibo ").append(rl == null ? "0" : num(rl.offeredRate()))
                .append("/s ÷ baseline ").append(limit).append(" = ").append(String.format("%.2f", relayRatio)).append(" | ")
                .append(verdict(relayRatio >= 0.5)).append(" |\n");
        Row ops = find("binding API ops");
        t.append("| ≥ 5,000 binding operations/s, durable | ").append(ops == null ? "not run" : num(ops.completedRate()) + " ops/s, p99 "
                + num(ops.p99()) + " ms, " + ops.failed() + " failed").append(" | ")
                .append(verdict(ops != null && ops.completedRate() >= 5000 && ops.failed() == 0)).append(" |\n");
        Row heap = find("heap per active call");
        t.append("| ≤ 20 KB heap per active call | ").append(heap == null ? "not run" : String.format("%.1f KB over %d calls",
                heap.heapMaxMb(), heap.completed())).append(" | ")
                .append(verdict(heap != null && !Double.isNaN(heap.heapMaxMb()) && heap.heapMaxMb() <= 20)).append(" |\n");
        Row over = find("overload 3×");
        Row rec = find("recovery");
        String unfinished = b.facts.getOrDefault("after overload and recovery: unfinished call records", "?");
        String engine = b.facts.getOrDefault("after overload and recovery: calls in the engine", "?");
        boolean nothingOpen = unfinished.startsWith("0 ") && engine.startsWith("0 callbacks, 0 relayed");
        double goodput = over == null || cb == null ? 0 : over.completedRate() / cb.completedRate();
        t.append("| 3× overload: goodput ≥ 90 % of the clean rate | ").append(over == null ? "not run"
                : cb == null ? "no clean step to compare with" : num(over.completedRate())
                + " completed/s at " + num(over.offeredRate()) + "/s offered = " + String.format("%.0f %%", 100 * goodput)
                + " of " + num(cb.completedRate()) + "/s; shed " + over.shed() + ", failed " + over.failed())
                .append(" | ").append(verdict(goodput >= 0.9)).append(" |\n");
        t.append("| … recovery, and nothing left half-open | ").append(rec == null ? "not run" : "recovery step "
                + (rec.clean() ? "clean" : "not clean (" + rec.failed() + " failed)") + "; engine: " + engine
                + "; unfinished records: " + unfinished).append(" | ")
                .append(verdict(rec != null && rec.clean() && nothingOpen)).append(" |\n");
        return t.toString();
    }

    private String profiles() {
        StringBuilder p = new StringBuilder();
        for (Map.Entry<String, Profile> e : b.profiles.entrySet()) {
            Profile prof = e.getValue();
            p.append("### ").append(e.getKey()).append(" — ").append(prof.samples).append(" samples\n\n");
            p.append("Share of CPU samples whose stack passes through (a sample can count in several):\n\n");
            prof.parts.entrySet().stream().filter(x -> x.getValue() > 0)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(x -> p.append("- ").append(x.getKey()).append(": ").append(prof.percent(x.getValue())).append('\n'));
            p.append("\nHottest top frames (self time):\n\n");
            prof.topFrames.forEach(x -> p.append("- `").append(x.getKey()).append("` ").append(prof.percent(x.getValue())).append('\n'));
            p.append("\nWhere threads waited (JFR monitor-enter, park, fsync and file-write events of 10 ms or more, summed over all threads; idle waits left out):\n\n");
            prof.waits.forEach(x -> p.append("- `").append(x.getKey()).append("` ").append(String.format("%.0f ms", x.getValue()))
                    .append('\n'));
            p.append("\nBusiest threads:\n\n");
            prof.threads.forEach(x -> p.append("- `").append(x.getKey()).append("` ").append(prof.percent(x.getValue())).append('\n'));
            p.append('\n');
        }
        return p.toString();
    }

    private void updateReadme(String png, String table, String targets) throws IOException {
        Path readme = b.s.readme();
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(README_START);
        int end = text.indexOf(README_END);
        if (start < 0 || end < start) {
            Bench.log("README has no %s … %s section; not updated", README_START, README_END);
            return;
        }
        String dir = b.s.readme().getParent().relativize(b.s.results()).toString();
        String section = README_START + "\n" + "Latest run: [`" + dir + "/" + b.s.date() + ".md`](" + dir + "/" + b.s.date()
                + ".md) (profiles and the run's facts are there).\n\n" + "![benchmark chart](" + dir + "/" + png + ")\n\n"
                + table + "\n" + targets + "\n";
        Files.writeString(readme, text.substring(0, start) + section + text.substring(end), StandardCharsets.UTF_8);
    }

    private Row find(String test) {
        return b.other.stream().filter(r -> r.test().equals(test)).findFirst().orElse(null);
    }

    /** A Huibo step's offered rate ÷ the baseline's limit (its highest clean step), for the steps it applies to. */
    private String ratio(Row r) {
        Row limit = Bench.highestClean(b.baseline);
        if (!(r.test().equals("callback") || r.test().startsWith("relay")) || limit == null) {
            return "";
        }
        return String.format("%.2f", r.offeredRate() / limit.offeredRate());
    }

    private static String retransmissions(Row r) {
        return r.messages() == 0 ? Long.toString(r.retransmissions())
                : String.format("%d (%.1f %%)", r.retransmissions(), 100.0 * r.retransmissions() / r.messages());
    }

    /** Whether a SIP step met the clean criteria, and if not which; blank for the rows they do not apply to. */
    private static String cleanliness(Row r) {
        if (r.messages() == 0) {
            return "";
        }
        return r.clean() ? "yes" : "no: " + r.whyNotClean();
    }

    private static String verdict(boolean pass) {
        return pass ? "**pass**" : "**miss**";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}

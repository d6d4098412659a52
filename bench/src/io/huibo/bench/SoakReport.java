package io.huibo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The soak's verdict: soak-&lt;date&gt;.md beside its CSV, with the chart soak-&lt;date&gt;.png. */
final class SoakReport {
    /** Samples before this share of the load (at least a minute) are the warm-up: JIT, caches, pools filling. */
    private static final double WARM_UP_SHARE = 0.10;

    private final Bench b;
    private final int rate;
    private final List<Jmx.Sample> samples;
    private final List<Jmx.Sample> liveHeap;
    private final long loadStart;
    private final long loadEnd;
    private final long offered;
    private final long refused;
    private final long phonesFailed;
    private final long completed;
    private final Path csv;

    SoakReport(Bench b, int rate, List<Jmx.Sample> samples, List<Jmx.Sample> liveHeap, long loadStart, long loadEnd, long offered, long refused,
            long phonesFailed, long completed, Path csv) {
        this.b = b;
        this.rate = rate;
        this.samples = List.copyOf(samples);
        this.liveHeap = List.copyOf(liveHeap);
        this.loadStart = loadStart;
        this.loadEnd = loadEnd;
        this.offered = offered;
        this.refused = refused;
        this.phonesFailed = phonesFailed;
        this.completed = completed;
        this.csv = csv;
    }

    void write() throws IOException {
        Settings s = b.s;
        long warmUp = Math.max(60_000, (long) ((loadEnd - loadStart) * WARM_UP_SHARE));
        long from = loadStart + warmUp;
        double window = (loadEnd - from) / 1000.0;
        Path png = s.results().resolve("soak-" + s.date() + ".png");
        SoakChart.write(png, String.format("Huibo soak %s — %d callbacks/s for %d min", s.date(), rate, s.soakMinutes()),
                samples, liveHeap, loadStart, from, loadEnd);
        StringBuilder t = new StringBuilder("| watched | at the warm-up's end | at the load's end | trend over the load after"
                + " the warm-up | flat within | verdict |\n|---|---:|---:|---:|---:|---|\n");
        boolean pass = true;
        for (Soak.Flatness f : Soak.WATCHED) {
            List<Jmx.Sample> series = f.live() ? liveHeap : samples;
            double growth = Soak.slopePerSecond(series, f.value(), from, loadEnd) * window;
            double mean = series.stream().filter(x -> x.atMillis() >= from && x.atMillis() <= loadEnd)
                    .mapToDouble(f.value()).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
            double bound = Math.max(f.floor(), f.shareOfMean() * mean);
            boolean flat = !Double.isNaN(growth) && growth <= bound;
            pass &= flat;
            t.append("| ").append(f.name()).append(" | ").append(Report.num(at(series, f, from))).append(" | ")
                    .append(Report.num(at(series, f, loadEnd))).append(" | ").append(String.format("%+.1f", growth)).append(" | ")
                    .append(Report.num(bound)).append(" | ").append(flat ? "**flat**" : "**grows**").append(" |\n");
        }
        // a leak of calls or transactions shows plainest once the load is gone: they must all have ended
        Jmx.Sample drained = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        boolean allEnded = drained != null && drained.atMillis() > loadEnd && drained.activeCalls() == 0
                && drained.openTransactions() == 0;
        pass &= allEnded;
        t.append("| left once drained (last sample) | | ").append(drained == null ? "no sample" : drained.activeCalls() + " calls, "
                + drained.openTransactions() + " SIP transactions").append(" | | 0 | ").append(allEnded ? "**none**" : "**left**")
                .append(" |\n");
        long failed = refused + phonesFailed;
        pass &= failed == 0 && !Double.isNaN(window) && window > 0;
        StringBuilder md = new StringBuilder("# Soak ").append(s.date()).append("\n\n");
        md.append("Made by `bench/run --soak --minutes ").append(s.soakMinutes()).append("`: callbacks at ").append(rate)
                .append("/s (half the clean rate) for ").append(s.soakMinutes()).append(" min, Huibo sampled over JMX every ")
                .append(Soak.SAMPLE_SECONDS).append(" s into [").append(csv.getFileName()).append("](").append(csv.getFileName())
                .append(").\n\n![heap, threads, file descriptors and SIP transactions over the soak](").append(png.getFileName())
                .append(")\n\n## Verdict: ").append(pass ? "**pass**" : "**fail**").append("\n\n").append(t).append('\n');
        md.append(String.format("- calls: %d offered, %d completed (merchant phone), %d failed (%d requests not answered 201 — a call may be placed all the same when its answer timed out,"
                + " see below; %d aborted at a phone)%n", offered, completed, failed, refused, phonesFailed));
        md.append(String.format("- *trend*: the least-squares slope of the samples from the warm-up's end (%.0f s into the load)"
                + " to the load's end, times that window (%.0f s); *flat within*: the larger of a floor and a share of the"
                + " series' mean (live heap 32 MB or 10 %%, threads 4 or 2 %%, file descriptors 16 or 2 %%, SIP transactions"
                + " 50 or 25 %%, which the load keeps at a level that follows it: ended calls' transactions wait for their"
                + " timers)%n",
                warmUp / 1000.0, window));
        md.append(String.format("- *live heap*: used heap right after a full GC the bench asks for (`jcmd GC.run`), every %d s"
                + " of the load and once drained (%d weighings); the CSV's heap after GC is after the JVM's own latest"
                + " collection, which with G1 climbs between marking cycles; threads and file descriptors from the platform"
                + " MBeans; SIP transactions from Huibo's `io.huibo:type=Engine` MBean%n", Soak.weighEverySeconds(s.soakMinutes() * 60),
                liveHeap.size()));
        for (Map.Entry<String, String> fact : b.facts.entrySet()) {
            md.append("- ").append(fact.getKey()).append(": ").append(fact.getValue()).append('\n');
        }
        md.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append('\n');
        Files.writeString(s.results().resolve("soak-" + s.date() + ".md"), md.toString(), StandardCharsets.UTF_8);
        Bench.log("soak %s: %s", pass ? "passed" : "FAILED", t.toString().replace('\n', ' '));
    }

    /** The series' value in the sample nearest to {@code atMillis}. */
    private static double at(List<Jmx.Sample> series, Soak.Flatness f, long atMillis) {
        List<Jmx.Sample> near = new ArrayList<>(series);
        near.sort((x, y) -> Long.compare(Math.abs(x.atMillis() - atMillis), Math.abs(y.atMillis() - atMillis)));
        return near.isEmpty() ? Double.NaN : f.value().applyAsDouble(near.get(0));
    }
}

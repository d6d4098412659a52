package io.huibo.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The soak: callbacks at half the clean rate for an hour (or {@code bench.soakMinutes}), while
 * Huibo's heap after GC, threads, file descriptors and open SIP transactions are sampled every
 * {@link #SAMPLE_SECONDS} s into soak-&lt;date&gt;.csv, and its live heap after a full GC a dozen
 * times over the load; drawn into soak-&lt;date&gt;.png. It passes when no call failed and each
 * watched series stayed flat: its least-squares trend over the load, after the warm-up, grew by
 * no more than its {@link Flatness} bound.
 */
final class Soak {
    static final int SAMPLE_SECONDS = 10;
    /** Offered in chunks of this length: a chunk's bookkeeping is dropped once it is answered. */
    private static final int CHUNK_SECONDS = 60;
    private static final Pattern CLEAN_STEP = Pattern.compile("callbacks/s (?:clean|with 0 failed) \\| highest clean step: (\\d+)/s");

    /** Live-heap weighings over the load, at least 30 s apart: each is a full GC, a pause the load feels. */
    private static final int LIVE_HEAP_WEIGHINGS = 12;

    /**
     * How much a series may grow over the soak and still count as flat: {@code floor}, or a share
     * of its mean; {@code live} when it is judged on the weighings after a full GC rather than on
     * the 10 s samples.
     */
    record Flatness(String name, ToDoubleFunction<Jmx.Sample> value, double floor, double shareOfMean, boolean live) {
        Flatness(String name, ToDoubleFunction<Jmx.Sample> value, double floor, double shareOfMean) {
            this(name, value, floor, shareOfMean, false);
        }
    }

    static final List<Flatness> WATCHED = List.of(
            // not the heap after any GC: G1's young collections leave the old generation to grow
            // until a marking cycle, which no leak needs; only a full GC shows what stays live
            new Flatness("live heap after a full GC, MB", Jmx.Sample::heapAfterGcMb, 32, 0.10, true),
            new Flatness("threads", Jmx.Sample::threads, 4, 0.02),
            new Flatness("file descriptors", s -> s.fileDescriptors(), 16, 0.02),
            // the load keeps ended calls' transactions for their timers: a level, not a leak, unless it climbs
            new Flatness("open SIP transactions", Jmx.Sample::openTransactions, 50, 0.25));

    private final Bench b;
    private final List<Jmx.Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<Jmx.Sample> liveHeap = Collections.synchronizedList(new ArrayList<>());
    /** When each live-heap weighing began, epoch ms: its full GC stops Huibo, and the load feels it. */
    private final List<Long> weighedAt = Collections.synchronizedList(new ArrayList<>());

    Soak(Bench bench) {
        this.b = bench;
    }

    void run() throws Exception {
        Settings s = b.s;
        b.describeMachine();
        int rate = s.soakRate() > 0 ? s.soakRate() : halfTheCleanRate(s.results());
        int seconds = s.soakMinutes() * 60;
        Bench.log("soak: %d callbacks/s for %d min, sampled every %d s", rate, s.soakMinutes(), SAMPLE_SECONDS);
        Files.createDirectories(s.results());
        Path csv = s.results().resolve("soak-" + s.date() + ".csv");
        Path dir = s.work().resolve("soak");
        Sipp a = b.phone(dir.resolve("merchant"), s.phoneA(), seconds + 180);
        Sipp p = b.phone(dir.resolve("customer"), s.phoneB(), seconds + 180);
        Thread.sleep(300);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "bench-soak-sampler"));
        long offered = 0;
        Map<String, Long> answers = new TreeMap<>();
        long refused = 0;
        long shedWhileWeighed = 0;
        long shedOtherwise = 0;
        long loadStart;
        long loadEnd;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            out.println("epoch_ms,heap_used_mb,heap_after_gc_mb,threads,file_descriptors,open_sip_transactions,open_dialogs,active_calls");
            sampler.scheduleAtFixedRate(() -> sample(out), 0, SAMPLE_SECONDS, TimeUnit.SECONDS);
            long weighEvery = weighEverySeconds(seconds);
            sampler.scheduleAtFixedRate(this::weighLiveHeap, weighEvery, weighEvery, TimeUnit.SECONDS);
            loadStart = System.currentTimeMillis();
            for (int done = 0, chunk = 0; done < seconds && System.currentTimeMillis() < s.deadlineMillis() - 120_000; chunk++) {
                int length = Math.min(CHUNK_SECONDS, seconds - done);
                Bench.Offered o = b.offerCallbacks(rate, length, 1, "soak-" + chunk);
                offered += o.count;
                refused += o.count - o.placed.size();
                o.statuses.forEach((status, n) -> {
                    if (status != 201) {
                        answers.merge(status < 0 ? "no answer within 10 s" : "HTTP " + status, (long) n.get(), Long::sum);
                    }
                });
                if (o.dropped > 0) {
                    answers.merge("over the generator's in-flight limit", o.dropped, Long::sum);
                }
                int weighings = weighingsBetween(o.windowStart, o.windowEnd);
                if (weighings > 0) {
                    shedWhileWeighed += o.shed;
                } else {
                    shedOtherwise += o.shed;
                }
                if (o.shed > 0) {
                    Bench.log("soak: chunk %d shed %d of %d; live-heap weighings (full GCs) in it: %d", chunk, o.shed, o.count,
                            weighings);
                }
                done += length;
            }
            loadEnd = System.currentTimeMillis();
            b.awaitIdle(List.of(a, p), 30_000);
            b.facts.put("after the load", b.settle());
            b.facts.put("callback requests not placed (201)", answers.isEmpty() ? "none" : answers.toString());
            b.facts.put("shed (503/429) in the minutes that held a live-heap weighing's full GC, and in the others",
                    shedWhileWeighed + " and " + shedOtherwise);
            weighLiveHeap(); // and once drained
            Thread.sleep(SAMPLE_SECONDS * 1000L); // one sample of the drained engine
        } finally {
            sampler.shutdown();
            sampler.awaitTermination(30, TimeUnit.SECONDS);
        }
        long phonesFailed = a.counter("FailedCall(C)") + p.counter("FailedCall(C)");
        long completed = a.counter("SuccessfulCall(C)");
        a.stop();
        p.stop();
        new SoakReport(b, rate, samples, liveHeap, loadStart, loadEnd, offered, refused, phonesFailed, completed, csv).write();
    }

    static long weighEverySeconds(int loadSeconds) {
        return Math.max(30, loadSeconds / LIVE_HEAP_WEIGHINGS);
    }

    private int weighingsBetween(long from, long to) {
        synchronized (weighedAt) {
            return (int) weighedAt.stream().filter(at -> at >= from && at <= to).count();
        }
    }

    /** A full GC (jcmd GC.run), then a sample: its heap after GC is the live heap. */
    private void weighLiveHeap() {
        try {
            weighedAt.add(System.currentTimeMillis());
            b.probe.jcmd("GC.run");
            liveHeap.add(b.jmx.sample());
        } catch (IOException | RuntimeException e) {
            Bench.log("weighing the live heap failed: %s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(PrintWriter out) {
        try {
            Jmx.Sample x = b.jmx.sample();
            samples.add(x);
            out.printf(java.util.Locale.ROOT, "%d,%.1f,%.1f,%d,%d,%d,%d,%d%n", x.atMillis(), x.heapUsedMb(), x.heapAfterGcMb(),
                    x.threads(), x.fileDescriptors(), x.openTransactions(), x.openDialogs(), x.activeCalls());
            out.flush();
        } catch (IOException | RuntimeException e) {
            Bench.log("soak sample failed: %s", e);
        }
    }

    /** Half the highest clean callback step of the latest full results in {@code results}. */
    static int halfTheCleanRate(Path results) throws IOException {
        List<Path> runs;
        try (Stream<Path> files = Files.list(results)) {
            runs = files.filter(f -> f.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.md")).sorted().toList();
        }
        for (int i = runs.size() - 1; i >= 0; i--) {
            Matcher m = CLEAN_STEP.matcher(Files.readString(runs.get(i), StandardCharsets.UTF_8));
            if (m.find()) {
                return Math.max(1, Integer.parseInt(m.group(1)) / 2);
            }
        }
        throw new IllegalStateException("no results in " + results + " name a clean callback step: give the soak's rate (--rate)");
    }

    /** The least-squares slope of {@code value} over time, per second, of samples in [from, to]. */
    static double slopePerSecond(List<Jmx.Sample> samples, ToDoubleFunction<Jmx.Sample> value, long from, long to) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Jmx.Sample x : samples) {
            double y = value.applyAsDouble(x);
            if (x.atMillis() < from || x.atMillis() > to || Double.isNaN(y)) {
                continue;
            }
            double t = (x.atMillis() - from) / 1000.0;
            n++;
            sx += t;
            sy += y;
            sxx += t * t;
            sxy += t * y;
        }
        double d = n * sxx - sx * sx;
        return n < 3 || d == 0 ? Double.NaN : (n * sxy - sx * sy) / d;
    }
}

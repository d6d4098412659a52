package io.huibo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The benchmark run, against a Huibo distribution bench/run has started: callback steps, the
 * same steps through SIPp's own 3pcc controller, relayed calls, the binding API, heap per held
 * call, overload and recovery, and JFR profiles; then the results file and its chart.
 * Every load loop is bounded by a call count and a deadline; every SIPp process by -timeout.
 */
public final class Bench {
    static final String LOOPBACK = "127.0.0.1";
    /** Requests in flight at most; past it the generator counts the call as failed instead of queueing it. */
    private static final int MAX_IN_FLIGHT = 4000;
    /** The longest wait for a step to drain before the next starts: ended calls' SIP timers need 32 s. */
    private static final long DRAIN_MILLIS = 60_000;
    private static final String CALLBACK_CLASS = "io.huibo.engine.internal.CallbackCall";
    private static final String RELAY_CLASS = "io.huibo.engine.internal.RelayCall";
    private static final String SIP_DIALOG_CLASS = "gov.nist.javax.sip.stack.SIPDialog";
    /**
     * SIP messages of one call when none is lost, whoever places it: two legs of six (INVITE, 180,
     * 200, ACK, BYE, its 200); what a step's retransmissions are weighed against.
     */
    static final int MESSAGES_PER_CALL = 12;

    final Settings s;
    final Api api;
    final Probe probe;
    final Jmx jmx;
    final List<Row> callbacks = new ArrayList<>();
    final List<Row> baseline = new ArrayList<>();
    final List<Row> relay = new ArrayList<>();
    final List<Row> other = new ArrayList<>();
    final Map<String, String> facts = new java.util.LinkedHashMap<>();
    final Map<String, Profile> profiles = new java.util.LinkedHashMap<>();
    private final AtomicLong numbers = new AtomicLong();
    double cpuMark = Double.NaN;
    private int sippPort;

    Bench(Settings s) throws IOException {
        this.s = s;
        this.api = new Api(s.http(), s.keyId(), s.secret());
        this.probe = new Probe(s.pid());
        this.jmx = new Jmx(s.pid());
        this.sippPort = s.portBase();
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.fromSystemProperties();
        long started = System.currentTimeMillis();
        Bench bench = new Bench(s);
        try {
            switch (s.mode()) {
                case "full" -> bench.run();
                case "bindings" -> bench.runBindingsOnly();
                case "storage" -> bench.runStorage();
                case "soak" -> new Soak(bench).run();
                default -> throw new IllegalArgumentException("no such bench mode: " + s.mode() + " (full, bindings, storage, soak)");
            }
        } finally {
            bench.api.close();
            bench.probe.close();
            bench.jmx.close();
        }
        if (!s.mode().equals("full")) {
            return; // a part alone: its figures are in the log (and the soak's own files), not in the results
        }
        bench.facts.put("bench run time (measurement part)", String.format("%.0f s", (System.currentTimeMillis() - started) / 1000.0));
        new Report(bench).write();
    }

    void run() throws Exception {
        log("Karaf JVM pid %d; steps %s/s of %d s; phones answer after %d ms; calls held %d ms", s.pid(), s.steps(),
                s.stepSeconds(), s.answerDelayMs(), s.holdMs());
        describeMachine();
        Probe.Histogram idle = probe.histogram();
        facts.put("live heap at idle, after full GC", mb(idle.totalBytes()));
        callbackSteps();
        Row best = highestClean(callbacks);
        int cleanRate = best == null ? s.steps().get(0) : (int) best.offeredRate();
        // overload and the heap right after the callback steps: the relay steps' failed calls, bridged
        // to SIPp callers that vanished without a BYE, stay until their maximum duration; they would
        // hold the sized capacity and end in the middle of a weighing
        if (withinBudget("overload and recovery", s.overloadSeconds() + s.stepSeconds() + 170)) {
            overload(cleanRate);
        }
        settle();
        if (withinBudget("heap per call", 130)) {
            memory(s.memoryCalls(), cleanRate);
        }

        for (int rate : s.baselineSteps()) {
            if (pastItsLimit(baseline, "baseline step " + rate + "/s")) {
                break;
            }
            if (withinBudget("baseline step " + rate + "/s", s.baselineSeconds() + 8)) {
                String drained = settle();
                baseline.add(baselineStep(rate, s.baselineSeconds()).noted(drained));
            }
        }

        List<String[]> bindings = relayBindings(s.relayBindings());
        for (int rate : s.steps()) {
            if (pastItsLimit(relay, "relay step " + rate + "/s")) {
                break;
            }
            if (withinBudget("relay step " + rate + "/s", s.stepSeconds() + 10)) {
                String drained = settle();
                relay.add(relayStep(rate, s.stepSeconds(), bindings).noted(drained));
            }
        }

        // apart from the SIP steps: the relay's retransmissions must be over, or they are measured too
        measuredBindingApi();

        // profiles last, so that JFR's own cost touches no measured figure above
        int top = s.steps().get(s.steps().size() - 1);
        if (withinBudget("callback profile", s.profileSeconds() + 25)) {
            Path jfr = s.work().resolve("callbacks-" + top + ".jfr");
            callbackStep("callback (profiled, JFR on)", top, s.profileSeconds(), 1, jfr);
            profiles.put("callbacks at " + top + "/s offered", Profile.of(jfr));
        }
        if (withinBudget("binding API profile", s.profileSeconds() + 10)) {
            Path bindJfr = s.work().resolve("bindings.jfr");
            bindingApi(s.profileSeconds(), s.bindWorkers(), bindJfr);
            profiles.put("binding API, " + s.bindWorkers() + " clients", Profile.of(bindJfr));
        }
    }

    /** The callback steps, after a warm-up, up to the first that fails calls: into {@link #callbacks}. */
    private void callbackSteps() throws Exception {
        // warm-up, not reported: the JIT compiles the hot paths, the database fills its caches. At the
        // first step's rate, then the second's: the first alone leaves paths interpreted into the higher
        // steps, the second alone swamps a cold JVM. Its stragglers must be gone before step one.
        for (int rate : s.steps().subList(0, Math.min(2, s.steps().size()))) {
            callbackStep("warm-up", rate, s.warmupSeconds(), 1, null);
        }
        awaitNoCalls(45_000, "the first step");

        for (int rate : s.steps()) {
            if (pastItsLimit(callbacks, "callback step " + rate + "/s")) {
                break;
            }
            if (withinBudget("callback step " + rate + "/s", s.stepSeconds() + 15)) {
                String drained = settle();
                callbacks.add(callbackStep("callback", rate, s.stepSeconds(), 1, null).noted(drained));
            }
        }
    }

    /** The binding API after its warm-up, once the SIP steps' retransmissions are over: into {@link #other}. */
    private void measuredBindingApi() throws Exception {
        String drained = settle();
        if (withinBudget("binding API", s.warmupSeconds() + s.bindSeconds() + 10)) {
            // warm-up, not reported, as for the callbacks: the binding paths are cold until now
            bindingApi(s.warmupSeconds(), s.bindWorkers(), null);
            other.add(bindingApi(s.bindSeconds(), s.bindWorkers(), null).noted(drained));
        }
    }

    /**
     * Only the steps that go through the store, the callback steps and the binding API, on the
     * database this install stores in; bench/run --database runs it, and the full run on Derby
     * puts these rows beside its own ({@link StorageRun}).
     */
    void runStorage() throws Exception {
        describeMachine();
        callbackSteps();
        measuredBindingApi();
        List<Row> rows = new ArrayList<>(callbacks);
        rows.addAll(other);
        StorageRun run = new StorageRun(s.database(), System.getProperty("bench.databaseNote", ""), cpuMark, rows);
        run.write(s.results().resolve(StorageRun.fileName(s.date(), s.database())));
    }

    /** The machine's figures the results of runs on other machines are compared by. */
    void describeMachine() {
        cpuMark = CpuMark.sha256PerSecond();
        facts.put("CPU mark (SHA-256 of a fixed 1 KiB buffer, one thread, best of 3 × 100,000, before the run)",
                String.format("%.0f digests/s", cpuMark));
        facts.put("one synchronous 4 KB write on the disk under the database (dd oflag=dsync, mean of 100, before the run)",
                System.getProperty("bench.syncWriteMs", "?") + " ms");
    }

    /** Only the binding API, after its warm-up: to compare changes of the binding path by themselves. */
    void runBindingsOnly() throws Exception {
        describeMachine();
        settle();
        bindingApi(s.warmupSeconds(), s.bindWorkers(), null);
        String drained = settle();
        Row row = bindingApi(s.bindSeconds(), s.bindWorkers(), null).noted(drained);
        // ops per CPU-second of Huibo's: what a change of the path costs, less swayed than ops/s by what else the machine runs
        log("binding API alone: %.0f ops/s, p50 / p95 / p99 %.1f / %.1f / %.1f ms, %d failed, Huibo CPU %.0f %% (%.0f ops per"
                + " CPU-second), CPU mark %.0f digests/s", row.completedRate(), row.p50(), row.p95(), row.p99(), row.failed(),
                row.cpuPercent(), row.completedRate() / (row.cpuPercent() / 100), cpuMark);
    }

    /**
     * Whether the last step of a series already failed calls: the steps above it are not run. They
     * would say only that more fails, and their backlogs would eat the budget the later phases need.
     */
    private boolean pastItsLimit(List<Row> series, String next) {
        Row last = series.isEmpty() ? null : series.get(series.size() - 1);
        if (last != null && !last.clean()) {
            facts.merge("not run, a lower step having failed calls", next, (a, b) -> a + ", " + b);
            return true;
        }
        return false;
    }

    /**
     * Waits, at most {@link #DRAIN_MILLIS}, until the last step has drained: the engine holds no
     * call and its SIP stack no transaction (ended calls' transactions stay for their RFC 3261
     * timers, up to 32 s), and Huibo has used under 10 % of a core for two seconds in a row; so
     * that no step measures the backlog of the one before. Returns what it waited, for the notes.
     */
    String settle() throws Exception {
        long started = System.currentTimeMillis();
        long deadline = started + DRAIN_MILLIS;
        int quietSeconds = 0;
        int transactions = -1;
        int calls = -1;
        while (System.currentTimeMillis() < deadline) {
            Probe.Cpu before = probe.cpu();
            Thread.sleep(1000);
            boolean idle = probe.cpu().percentSince(before) < 10;
            transactions = jmx.openTransactions();
            calls = jmx.activeCalls();
            quietSeconds = idle && transactions == 0 && calls == 0 ? quietSeconds + 1 : 0;
            if (quietSeconds == 2) {
                return String.format("drained before it: %.0f s;", (System.currentTimeMillis() - started) / 1000.0);
            }
        }
        facts.merge("steps started before the one before had drained (" + DRAIN_MILLIS / 1000 + " s at most)", "one",
                (a, b) -> "several");
        return String.format("NOT drained before it after %d s: %d calls, %d SIP transactions open;", DRAIN_MILLIS / 1000,
                calls, transactions);
    }

    /** Whether a phase of about {@code seconds} still fits the run's time budget; a skipped phase is reported. */
    private boolean withinBudget(String phase, int seconds) {
        if (System.currentTimeMillis() + seconds * 1000L <= s.deadlineMillis()) {
            return true;
        }
        facts.merge("skipped for the time budget", phase, (a, b) -> a + ", " + b);
        log("skipping %s: the run's time budget is spent", phase);
        return false;
    }

    // ---------------------------------------------------------------- callbacks

    /**
     * Offers {@code rate} callbacks a second for {@code seconds} through the signed API, to two
     * SIPp phones that answer after the fixed delay; Huibo hangs both up after
     * {@code maxDuration} s, as SIPp's 3pcc controller does in the baseline.
     */
    Row callbackStep(String test, int rate, int seconds, int maxDuration, Path jfr) throws Exception {
        Path dir = s.work().resolve(test.replaceAll("\\W+", "-") + "-" + rate);
        int timeout = seconds + maxDuration + 120;
        Sipp a = phone(dir.resolve("merchant"), s.phoneA(), timeout);
        Sipp b = phone(dir.resolve("customer"), s.phoneB(), timeout);
        Thread.sleep(300);
        if (jfr != null) {
            probe.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr, "duration=" + (seconds + 5) + "s");
        }
        Offered offered = offerCallbacks(rate, seconds, maxDuration, "bench-" + rate);
        awaitIdle(List.of(a, b), maxDuration * 1000L + 15_000);
        if (jfr != null) {
            probe.jcmd("JFR.stop", "name=bench");
        }
        Map<String, JsonObject> records = records(offered.windowStart - 2000, System.currentTimeMillis() + 1000);
        List<Double> setup = new ArrayList<>();
        long completed = 0;
        for (Map.Entry<String, Long> placed : offered.placed.entrySet()) {
            JsonObject call = records.get(placed.getKey());
            if (call != null && !call.get("bridgedAt").isJsonNull() && "ended".equals(string(call, "state"))
                    && Set.of("max-duration", "completed").contains(string(call, "outcome"))) {
                completed++;
                setup.add((double) (Instant.parse(string(call, "bridgedAt")).toEpochMilli() - placed.getValue()));
            }
        }
        long phoneFailures = a.counter("FailedCall(C)") + b.counter("FailedCall(C)");
        long retrans = a.counter("Retransmissions(C)") + b.counter("Retransmissions(C)");
        List<Double> sipSetup = a.responseTimes();
        a.stop();
        b.stop();
        // a call counts as failed when its record did not complete or a phone aborted it (e.g. on an
        // INVITE retransmitted after its answer): the larger of the two counts, a lower bound on either side
        long failed = Math.max(offered.count - completed - offered.shed, phoneFailures);
        double phonesDelay = 2.0 * s.answerDelayMs();
        String note = offered.note() + String.format(" SIP p99 (merchant phone's INVITE in → ACK in) %.0f ms;",
                Stats.percentile(sipSetup, 99)) + (phoneFailures > 0 ? " phones failed " + phoneFailures + ";" : "");
        Row row = new Row(test, rate, offered.count, completed, completed / offered.windowSeconds(), failed, offered.shed,
                retrans, (offered.count - offered.shed) * MESSAGES_PER_CALL, Stats.percentile(setup, 50), Stats.percentile(setup, 95), Stats.percentile(setup, 99),
                Stats.percentile(setup, 99) - phonesDelay, Stats.percentile(sipSetup, 99) - phonesDelay,
                offered.cpuPercent, heapMax(offered), note);
        log("%s %d/s: %s", test, rate, row);
        return row;
    }

    /** What a paced offer sent, and how it was answered. */
    final class Offered {
        final Map<String, Long> placed = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<Double> httpMillis = Collections.synchronizedList(new ArrayList<>());
        long count;
        long shed;
        long dropped;
        long windowStart;
        long windowEnd;
        double cpuPercent;

        double windowSeconds() {
            return Math.max(0.001, (windowEnd - windowStart) / 1000.0);
        }

        String note() {
            StringBuilder note = new StringBuilder(String.format("HTTP p99 %.0f ms;", Stats.percentile(httpMillis, 99)));
            statuses.forEach((status, n) -> {
                if (status != 201) {
                    note.append(' ').append(status < 0 ? "no answer" : "HTTP " + status).append(" ×").append(n).append(';');
                }
            });
            if (dropped > 0) {
                note.append(" over ").append(MAX_IN_FLIGHT).append(" in flight ×").append(dropped).append(';');
            }
            return note.toString();
        }
    }

    /** Places {@code rate × seconds} callbacks at even intervals; bounded by that count and a deadline. */
    Offered offerCallbacks(int rate, int seconds, int maxDuration, String tag) throws Exception {
        Offered o = new Offered();
        long total = (long) rate * seconds;
        AtomicInteger inFlight = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Probe.Cpu cpu0 = probe.cpu();
        long start = System.nanoTime();
        long deadline = start + (seconds + 5) * 1_000_000_000L;
        o.windowStart = System.currentTimeMillis();
        for (long i = 0; i < total && System.nanoTime() < deadline; i++) {
            long slot = start + i * 1_000_000_000L / rate;
            long wait = slot - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            o.count++;
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                o.dropped++;
                continue;
            }
            long n = numbers.incrementAndGet();
            String body = String.format("{\"from\": \"+86138%08d\", \"to\": \"+86139%08d\", \"maxDurationSeconds\": %d,"
                    + " \"ringTimeoutSeconds\": 20, \"userData\": \"%s-%d\"}", n % 100_000_000, n % 100_000_000, maxDuration, tag, i);
            inFlight.incrementAndGet();
            pending.add(api.send("POST", "/callbacks", body).thenAccept(answer -> {
                inFlight.decrementAndGet();
                o.httpMillis.add(answer.latencyNanos() / 1e6);
                o.statuses.computeIfAbsent(answer.status(), k -> new AtomicInteger()).incrementAndGet();
                if (answer.status() == 201) {
                    o.placed.put(answer.json().get("id").getAsString(), answer.sentAtMillis());
                }
            }));
        }
        o.windowEnd = System.currentTimeMillis();
        o.cpuPercent = probe.cpu().percentSince(cpu0);
        awaitAnswers(pending, o);
        o.shed = o.statuses.getOrDefault(503, new AtomicInteger()).get() + o.statuses.getOrDefault(429, new AtomicInteger()).get();
        return o;
    }

    /**
     * Waits for the offered callbacks' answers; those still unanswered 30 s after the last was
     * offered count as unanswered (status -1), and their late answers are not counted, so that a
     * stalled server is a result of the step rather than the end of the run.
     */
    private static void awaitAnswers(List<CompletableFuture<?>> pending, Offered o) throws InterruptedException {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            int unanswered = 0;
            for (CompletableFuture<?> answer : pending) {
                if (answer.cancel(false)) {
                    unanswered++;
                }
            }
            o.statuses.computeIfAbsent(-1, k -> new AtomicInteger()).addAndGet(unanswered);
            log("%d callbacks had no answer 30 s after the last was offered", unanswered);
        } catch (ExecutionException e) {
            throw new IllegalStateException("counting the answers failed", e.getCause());
        }
    }

    private double heapMax(Offered o) {
        return probe.heapBetween(o.windowStart, o.windowEnd + 1000).stream().mapToDouble(Probe.HeapSample::usedMb).max()
                .orElse(Double.NaN);
    }

    /** The tenant's call records created in a window, by id, read through GET /api/v1/calls page by page. */
    Map<String, JsonObject> records(long fromMillis, long toMillis) {
        Map<String, JsonObject> byId = new HashMap<>();
        String cursor = null;
        for (int page = 0; page < 2000; page++) {
            String path = "/calls?since=" + Instant.ofEpochMilli(fromMillis) + "&until=" + Instant.ofEpochMilli(toMillis)
                    + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor);
            Api.Answer answer = api.call("GET", path, null);
            if (answer.status() != 200) {
                log("listing calls failed: %d %s", answer.status(), answer.body());
                break;
            }
            JsonObject list = answer.json();
            for (JsonElement item : list.getAsJsonArray("items")) {
                JsonObject call = item.getAsJsonObject();
                byId.put(string(call, "id"), call);
            }
            if (list.get("next") == null || list.get("next").isJsonNull()) {
                break;
            }
            cursor = java.net.URLEncoder.encode(list.get("next").getAsString(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return byId;
    }

    // ---------------------------------------------------------------- baseline

    /** The same flow on the same phones, placed by SIPp's built-in 3pcc controller (3pcc-C-A and 3pcc-C-B). */
    Row baselineStep(int rate, int seconds) throws Exception {
        Path dir = s.work().resolve("baseline-" + rate);
        int timeout = seconds + 120;
        long calls = (long) rate * seconds;
        Sipp a = phone(dir.resolve("phone-a"), s.phoneA(), timeout);
        Sipp b = phone(dir.resolve("phone-b"), s.phoneB(), timeout);
        int twin = nextPort();
        Sipp cb = Sipp.start("3pcc-C-B", dir.resolve("controller-b"), timeout, List.of("-sn", "3pcc-C-B", "-i", LOOPBACK,
                "-p", Integer.toString(nextPort()), "-3pcc", LOOPBACK + ":" + twin, "-m", Long.toString(calls),
                LOOPBACK + ":" + s.phoneB()));
        Thread.sleep(300);
        long windowStart = System.currentTimeMillis();
        Probe.Cpu cpuA0 = null;
        Sipp ca = Sipp.start("3pcc-C-A", dir.resolve("controller-a"), timeout, List.of("-sn", "3pcc-C-A", "-i", LOOPBACK,
                "-p", Integer.toString(nextPort()), "-3pcc", LOOPBACK + ":" + twin, "-r", Integer.toString(rate),
                "-m", Long.toString(calls), "-l", Integer.toString(MAX_IN_FLIGHT), LOOPBACK + ":" + s.phoneA()));
        cpuA0 = Probe.cpuOf(ca.pid());
        Probe.Cpu cpuB0 = Probe.cpuOf(cb.pid());
        Thread.sleep(seconds * 1000L);
        double cpu = Probe.cpuOf(ca.pid()).percentSince(cpuA0) + Probe.cpuOf(cb.pid()).percentSince(cpuB0);
        long windowEnd = System.currentTimeMillis();
        ca.awaitExit(s.holdMs() + 20_000L);
        awaitIdle(List.of(a, b), 5_000);
        long completed = ca.counter("SuccessfulCall(C)");
        long failed = ca.counter("FailedCall(C)") + cb.counter("FailedCall(C)");
        long created = ca.counter("TotalCallCreated");
        long retrans = a.counter("Retransmissions(C)") + b.counter("Retransmissions(C)") + ca.counter("Retransmissions(C)")
                + cb.counter("Retransmissions(C)");
        List<Double> sipSetup = a.responseTimes();
        for (Sipp p : List.of(ca, cb, a, b)) {
            p.stop();
        }
        double phonesDelay = 2.0 * s.answerDelayMs();
        long unfinished = Math.max(0, calls - completed - failed);
        Row row = new Row("SIPp 3pcc baseline", rate, calls, completed, completed / Math.max(0.001, (windowEnd - windowStart) / 1000.0),
                failed + unfinished, 0, retrans, calls * MESSAGES_PER_CALL, Stats.percentile(sipSetup, 50), Stats.percentile(sipSetup, 95),
                Stats.percentile(sipSetup, 99), Stats.percentile(sipSetup, 99) - phonesDelay,
                Stats.percentile(sipSetup, 99) - phonesDelay, cpu, Double.NaN,
                "setup as the merchant's phone sees it (INVITE in → ACK in); CPU of the two controllers; created " + created + ";");
        log("baseline %d/s: %s", rate, row);
        return row;
    }

    // ---------------------------------------------------------------- relay

    /** Pool numbers X and one AXB binding on each, made through the API: {caller A, X}. */
    List<String[]> relayBindings(int count) throws Exception {
        List<String[]> pairs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String x = String.format("+8657188%06d", 100_000 + i);
            Api.Answer added = api.call("POST", "/numbers", "{\"number\": \"" + x + "\", \"city\": \"0571\", \"storeId\": \"bench\"}");
            if (added.status() != 201 && added.status() != 409) {
                throw new IllegalStateException("adding pool number failed: " + added.status() + " " + added.body());
            }
            String a = String.format("+86137%08d", 10_000_000 + i);
            String b = String.format("+86139%08d", 90_000_000 + i);
            Api.Answer bound = api.call("POST", "/bindings", "{\"mode\": \"AXB\", \"a\": \"" + a + "\", \"b\": \"" + b
                    + "\", \"x\": \"" + x + "\", \"ttlSeconds\": 7200, \"direction\": \"both\", \"orderId\": \"bench-" + i + "\"}");
            if (bound.status() != 201) {
                throw new IllegalStateException("binding failed: " + bound.status() + " " + bound.body());
            }
            pairs.add(new String[] {a, x});
        }
        log("%d pool numbers and AXB bindings made in %.1f s", count, (System.nanoTime() - t0) / 1e9);
        return pairs;
    }

    /** SIPp callers dial the X of active bindings at {@code rate}; Huibo relays each call to B, a SIPp phone. */
    Row relayStep(int rate, int seconds, List<String[]> bindings) throws Exception {
        Path dir = s.work().resolve("relay-" + rate);
        Files.createDirectories(dir);
        long calls = (long) rate * seconds;
        StringBuilder inf = new StringBuilder("SEQUENTIAL\n");
        for (String[] pair : bindings) {
            inf.append(pair[0]).append(';').append(pair[1]).append('\n');
        }
        Path injection = dir.resolve("calls.csv");
        Files.writeString(injection, inf);
        int timeout = seconds + 120;
        Sipp b = phone(dir.resolve("callee"), s.phoneB(), timeout);
        Thread.sleep(300);
        long windowStart = System.currentTimeMillis();
        Probe.Cpu cpu0 = probe.cpu();
        Sipp caller = Sipp.start("relay caller", dir.resolve("caller"), timeout, List.of("-sf",
                s.scenarios().resolve("relay-caller.xml").toString(), "-inf", injection.toString(), "-i", LOOPBACK,
                "-p", Integer.toString(s.trunkPort()), "-r", Integer.toString(rate), "-m", Long.toString(calls),
                "-l", Integer.toString(MAX_IN_FLIGHT), "-d", Integer.toString(s.holdMs()), LOOPBACK + ":" + s.sipPort()));
        Thread.sleep(seconds * 1000L);
        double cpu = probe.cpu().percentSince(cpu0);
        long windowEnd = System.currentTimeMillis();
        caller.awaitExit(s.holdMs() + 20_000L);
        awaitIdle(List.of(b), 5_000);
        long completed = caller.counter("SuccessfulCall(C)");
        long failed = caller.counter("FailedCall(C)");
        long unfinished = Math.max(0, calls - completed - failed);
        long calleeFailed = b.counter("FailedCall(C)");
        long retrans = caller.counter("Retransmissions(C)") + b.counter("Retransmissions(C)");
        List<Double> setup = caller.responseTimes();
        caller.stop();
        b.stop();
        double heap = probe.heapBetween(windowStart, windowEnd + 1000).stream().mapToDouble(Probe.HeapSample::usedMb)
                .max().orElse(Double.NaN);
        Row row = new Row("relay (AXB)", rate, calls, completed, completed / Math.max(0.001, (windowEnd - windowStart) / 1000.0),
                failed + unfinished, 0, retrans, calls * MESSAGES_PER_CALL, Stats.percentile(setup, 50), Stats.percentile(setup, 95),
                Stats.percentile(setup, 99), Stats.percentile(setup, 99) - s.answerDelayMs(),
                Stats.percentile(setup, 99) - s.answerDelayMs(), cpu, heap,
                "setup = caller's INVITE → 200 OK;" + (calleeFailed > 0 ? " callee phone failed " + calleeFailed + ";" : ""));
        log("relay %d/s: %s", rate, row);
        return row;
    }

    // ---------------------------------------------------------------- binding API

    /**
     * {@code workers} clients, each binding, updating and unbinding in a closed loop for
     * {@code seconds}: every operation a committed change on Derby (no durability shortcut).
     */
    Row bindingApi(int seconds, int workers, Path jfr) throws Exception {
        if (jfr != null) {
            probe.jcmd("JFR.start", "name=bench-bind", "settings=profile", "filename=" + jfr, "duration=" + (seconds + 5) + "s");
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong ops = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Map<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();
        long stopAt = System.nanoTime() + seconds * 1_000_000_000L;
        Probe.Cpu cpu0 = probe.cpu();
        long windowStart = System.currentTimeMillis();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                for (long i = 0; System.nanoTime() < stopAt && i < 1_000_000; i++) {
                    long n = numbers.incrementAndGet() % 10_000_000;
                    String a = String.format("+86136%02d%06d", worker, n % 1_000_000);
                    String b = String.format("+86135%02d%06d", worker, n % 1_000_000);
                    Api.Answer bound = timed(latencies, ops, errors, errorCodes, "POST", "/bindings", "{\"mode\": \"AXB\", \"a\": \""
                            + a + "\", \"b\": \"" + b + "\", \"ttlSeconds\": 600, \"city\": \"0571\"}");
                    if (bound.status() != 201) {
                        continue;
                    }
                    String id = bound.json().get("id").getAsString();
                    timed(latencies, ops, errors, errorCodes, "PATCH", "/bindings/" + id, "{\"ttlSeconds\": 900}");
                    timed(latencies, ops, errors, errorCodes, "DELETE", "/bindings/" + id, null);
                }
            }, "bench-binder-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join(seconds * 1000L + 30_000);
        }
        long windowEnd = System.currentTimeMillis();
        double cpu = probe.cpu().percentSince(cpu0);
        if (jfr != null) {
            probe.jcmd("JFR.stop", "name=bench-bind");
        }
        double elapsed = (windowEnd - windowStart) / 1000.0;
        StringBuilder note = new StringBuilder(workers + " clients, closed loop, bind → update → unbind;");
        errorCodes.forEach((code, n) -> note.append(' ').append(code).append(" ×").append(n.get()).append(';'));
        double heap = probe.heapBetween(windowStart, windowEnd).stream().mapToDouble(Probe.HeapSample::usedMb).max().orElse(Double.NaN);
        Row row = new Row("binding API ops", Double.NaN, ops.get(), ops.get() - errors.get(), (ops.get() - errors.get()) / elapsed,
                errors.get(), 0, 0, 0, Stats.percentile(latencies, 50), Stats.percentile(latencies, 95), Stats.percentile(latencies, 99),
                Double.NaN, Double.NaN, cpu, heap, note.toString());
        log("binding API: %s", row);
        return row;
    }

    private Api.Answer timed(List<Double> latencies, AtomicLong ops, AtomicLong errors, Map<String, AtomicLong> codes,
            String method, String path, String body) {
        Api.Answer answer = api.call(method, path, body);
        ops.incrementAndGet();
        latencies.add(answer.latencyNanos() / 1e6);
        if (!answer.ok()) {
            errors.incrementAndGet();
            codes.computeIfAbsent(method + " " + answer.status(), k -> new AtomicLong()).incrementAndGet();
        }
        return answer;
    }

    // ---------------------------------------------------------------- memory

    /** Holds {@code count} callbacks open and weighs the live heap after a full GC, against idle. */
    void memory(int count, int rate) throws Exception {
        Path dir = s.work().resolve("memory");
        int hold = 600;
        Sipp a = phone(dir.resolve("merchant"), s.phoneA(), hold + 120);
        Sipp b = phone(dir.resolve("customer"), s.phoneB(), hold + 120);
        Thread.sleep(300);
        Probe.Histogram before = awaitNoCalls(20_000, "the heap measurement");
        // at the highest clean rate, for at most 20 s: fewer calls than asked for when that rate is low
        int seconds = Math.max(1, Math.min(20, count / rate));
        Offered o = offerCallbacks(rate, seconds, hold, "bench-memory");
        long deadline = System.currentTimeMillis() + 30_000;
        Probe.Histogram during = probe.histogram();
        while (during.count(CALLBACK_CLASS) < o.placed.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            during = probe.histogram();
        }
        long held = Math.min(a.counter("CurrentCall"), b.counter("CurrentCall"));
        // only the calls this phase added count; calls left over from earlier steps make the figure invalid
        long live = during.count(CALLBACK_CLASS) - before.count(CALLBACK_CLASS);
        // calls of earlier steps still held are in both weighings; any that ended in between make the
        // figure low by their share, so it is only valid when they did not change
        long leftBefore = before.count(RELAY_CLASS), leftDuring = during.count(RELAY_CLASS);
        boolean valid = live > 0 && leftBefore == leftDuring;
        double perCall = valid ? (during.totalBytes() - before.totalBytes()) / (double) live : Double.NaN;
        if (!valid) {
            facts.put("heap per call NOT measured", "relayed calls of earlier steps went from " + leftBefore + " to "
                    + leftDuring + " during the phase");
        } else if (leftBefore > 0) {
            facts.put("relayed calls of earlier steps held throughout the heap measurement", Long.toString(leftBefore));
        }
        facts.put("calls held open for the heap measurement", live + " callbacks in the engine (" + held + " per phone)");
        facts.put("live heap with them, after full GC", mb(during.totalBytes()) + " (idle just before: " + mb(before.totalBytes()) + ")");
        if (live > 0) {
            facts.put("heap per held call by class (the largest growths)", during.grownSince(before, 8).stream()
                    .map(e -> String.format("%s %.1f KB", e.getKey(), e.getValue() / 1024.0 / live))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        // hang them all up through the API, paced, then check that nothing stays behind
        List<CompletableFuture<Api.Answer>> hangups = new ArrayList<>();
        long start = System.nanoTime();
        int i = 0;
        for (String id : o.placed.keySet()) {
            LockSupport.parkNanos(Math.max(0, start + (long) i++ * 1_000_000_000L / rate - System.nanoTime()));
            hangups.add(api.send("DELETE", "/callbacks/" + id, null));
        }
        CompletableFuture.allOf(hangups.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long refused = hangups.stream().filter(f -> f.join().status() != 202).count();
        awaitIdle(List.of(a, b), 30_000);
        a.stop();
        b.stop();
        // as after overload: ended calls stay reachable from their dialogs for the RFC 3261 timers
        Probe.Histogram after = awaitNoCalls(40_000, "counting the calls left after hanging up the held ones");
        facts.put("calls left in the engine after hanging them up", after.count(CALLBACK_CLASS) + " (DELETE refused: " + refused
                + "; live JAIN-SIP dialogs " + after.count(SIP_DIALOG_CLASS) + ", client transactions "
                + after.count("gov.nist.javax.sip.stack.SIPClientTransactionImpl") + ", server transactions "
                + after.count("gov.nist.javax.sip.stack.SIPServerTransactionImpl") + ", legs "
                + after.count("io.huibo.engine.internal.JainSipLeg") + ")");
        other.add(new Row("heap per active call", Double.NaN, o.count, live, Double.NaN, o.count - o.placed.size(), o.shed, 0, 0,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, o.cpuPercent, perCall / 1024.0,
                String.format("%.1f KB/call: (live heap with %d calls held − idle) / calls, both after full GC;", perCall / 1024, live)));
        log("memory: %.1f KB per call over %d calls", perCall / 1024, live);
    }

    // ---------------------------------------------------------------- overload

    /** 3× the highest clean rate for the overload time, then a step at the clean rate; nothing may stay half-open. */
    void overload(int cleanRate) throws Exception {
        // as an operator would size it: room for the calls the clean rate keeps in progress, so
        // that what is offered beyond it is shed at once rather than queued into timeouts
        int capacity = (int) Math.ceil(cleanRate * (2 * s.answerDelayMs() + s.holdMs() + 300) / 1000.0);
        awaitNoCalls(45_000, "the overload phase"); // the failed step's calls to phones gone end at their ring timeout
        int configured = setMaxCalls(capacity);
        facts.put("engine capacity for overload and recovery (maxCalls)", capacity + " calls in progress: the highest clean rate "
                + cleanRate + "/s × (2 × answer delay + hold + 0.3 s)");
        long from = System.currentTimeMillis();
        Row over = callbackStep("overload 3×", 3 * cleanRate, s.overloadSeconds(), 1, null);
        // the overload's failed calls end by their ring timeout; until then their requests would
        // reach the recovery step's phones, which would count them as their own failures
        awaitNoCalls(45_000, "the recovery step");
        Row recovery = callbackStep("recovery", cleanRate, s.stepSeconds(), 1, null);
        other.add(over);
        other.add(recovery);
        // an ended call stays reachable from its JAIN-SIP dialogs until their RFC 3261 timers (32 s)
        // let them go; a call still counted after that is one the engine holds open
        Probe.Histogram after = awaitNoCalls(40_000, "counting the calls overload and recovery left in the engine");
        Map<String, JsonObject> records = records(from - 2000, System.currentTimeMillis() + 1000);
        long unfinished = records.values().stream().filter(c -> !"ended".equals(string(c, "state"))).count();
        facts.put("after overload and recovery: calls in the engine", after.count(CALLBACK_CLASS) + " callbacks, "
                + after.count(RELAY_CLASS) + " relayed");
        facts.put("after overload and recovery: unfinished call records", unfinished + " of " + records.size());
        facts.put("after overload and recovery: open SIP dialogs (live SIPDialog objects)",
                Long.toString(after.count(SIP_DIALOG_CLASS)));
        setMaxCalls(configured); // room again for the heap measurement's thousands of held calls
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The live-heap histogram once no call is left in the engine, waiting at most {@code millis}: calls
     * a failed step left behind end by their timers, and would end during a measurement otherwise.
     */
    private Probe.Histogram awaitNoCalls(long millis, String before) throws Exception {
        long started = System.currentTimeMillis();
        Probe.Histogram live = probe.histogram();
        while (live.count(CALLBACK_CLASS) + live.count(RELAY_CLASS) > 0 && System.currentTimeMillis() - started < millis) {
            Thread.sleep(2000);
            live = probe.histogram();
        }
        facts.put("waited for calls of earlier steps to end before " + before,
                String.format("%.0f s", (System.currentTimeMillis() - started) / 1000.0));
        return live;
    }

    /**
     * Sets the engine's capacity in its etc/ file, which Karaf applies at run time, and gives it time
     * to; returns the capacity it replaced.
     */
    private int setMaxCalls(int capacity) throws Exception {
        List<String> lines = Files.readAllLines(s.engineConfig());
        int replaced = lines.stream().filter(line -> line.matches("\\s*maxCalls\\s*=.*"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf('=') + 1).strip())).findFirst().orElse(1000);
        Files.write(s.engineConfig(), lines.stream()
                .map(line -> line.matches("\\s*maxCalls\\s*=.*") ? "maxCalls = " + capacity : line).toList());
        Thread.sleep(3000); // Karaf's file watcher looks at etc/ every second; the engine applies a change at once
        return replaced;
    }

    Sipp phone(Path dir, int port, int timeoutSeconds) throws IOException, InterruptedException {
        return Sipp.start("phone :" + port, dir, timeoutSeconds, List.of("-sf", s.scenarios().resolve("phone.xml").toString(),
                "-i", LOOPBACK, "-p", Integer.toString(port), "-d", Integer.toString(s.answerDelayMs())));
    }

    /** Waits, at most {@code millis}, for the phones to have no call in progress. */
    void awaitIdle(List<Sipp> phones, long millis) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        Thread.sleep(1500);
        while (System.currentTimeMillis() < deadline) {
            long current = 0;
            for (Sipp p : phones) {
                current += p.alive() ? p.counter("CurrentCall") : 0;
            }
            if (current == 0) {
                Thread.sleep(1100); // one more statistics row, so the counters read are final
                return;
            }
            Thread.sleep(500);
        }
    }

    private int nextPort() {
        return ++sippPort;
    }

    static Row highestClean(List<Row> rows) {
        Row best = null;
        for (Row r : rows) {
            if (r.clean() && (best == null || r.offeredRate() > best.offeredRate())) {
                best = r;
            }
        }
        return best;
    }

    static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    static void log(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}

package io.huibo.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The built distribution as an operator runs it, outside Pax Exam: unpacked afresh, its
 * {@code etc/} files edited, started with {@code bin/karaf server} and stopped with {@code bin/stop}.
 */
final class KarafServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final int httpPort;
    /** What Karaf's own scripts run inside, e.g. {@code ip netns exec NS}; empty for the host as it is. */
    private List<String> launcher = List.of();
    private String httpHost = "127.0.0.1";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private KarafServer(Path home, int httpPort) {
        this.home = home;
        this.httpPort = httpPort;
    }

    /** Unpacks the distribution afresh in {@code dir}, with HTTP on {@code httpPort} and its other ports free ones. */
    static KarafServer unpack(Path distribution, Path dir, int httpPort) throws IOException, InterruptedException {
        deleteTree(dir); // an earlier run's data/ would start its bundles and database instead
        Files.createDirectories(dir);
        Process tar = new ProcessBuilder("tar", "xzf", distribution.toString(), "-C", dir.toString())
                .redirectErrorStream(true).start();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("could not unpack " + distribution + ": " + new String(tar.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
        try (var entries = Files.list(dir)) {
            Path home = entries.filter(p -> Files.isDirectory(p.resolve("bin"))).findFirst()
                    .orElseThrow(() -> new IOException("no Karaf in " + distribution));
            KarafServer karaf = new KarafServer(home, httpPort);
            karaf.configure("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
            karaf.configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(HuiboTestSupport.freePort()));
            karaf.configure("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(HuiboTestSupport.freePort()));
            karaf.configure("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(HuiboTestSupport.freePort()));
            return karaf;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    Path home() {
        return home;
    }

    /** Runs {@code bin/karaf} and {@code bin/stop} inside {@code ns}, with HTTP on its address, where the tests reach it. */
    void runIn(LossyNamespace ns) throws IOException {
        launcher = ns.command(List.of());
        httpHost = ns.address();
        configure("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", httpHost);
    }

    /** {@code bin/<script>} with {@code args}, run where this Karaf runs. */
    private ProcessBuilder script(String script, String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.add(home.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** Sets {@code key} in {@code etc/<file>}, replacing its line or adding one; a new file is owner-only. */
    void configure(String file, String key, String value) throws IOException {
        Path cfg = home.resolve("etc").resolve(file);
        if (!Files.exists(cfg)) {
            Files.createFile(cfg, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8));
        Pattern line = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        String setting = key + " = " + value;
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (line.matcher(lines.get(i)).matches()) {
                lines.set(i, setting);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(setting);
        }
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    /** Adds {@code feature} at the end of {@code featuresBoot}, a list over several lines, as an operator would. */
    void addBootFeature(String feature) throws IOException {
        Path cfg = home.resolve("etc/org.apache.karaf.features.cfg");
        List<String> lines = new ArrayList<>(Files.readAllLines(cfg, StandardCharsets.UTF_8));
        int last = 0;
        while (!lines.get(last).matches("^\\s*featuresBoot\\s*=.*")) {
            last++;
        }
        while (lines.get(last).endsWith("\\")) {
            last++;
        }
        lines.set(last, lines.get(last) + ", " + feature);
        Files.write(cfg, lines, StandardCharsets.UTF_8);
    }

    /** Starts Karaf and waits until {@code readyPath} answers 200 over HTTP. */
    void start(String readyPath) throws IOException, InterruptedException {
        process = script("karaf", "server").redirectOutput(home.resolve("console.out").toFile()).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Karaf exited at start; see " + home.resolve("console.out"));
            }
            try {
                if (get(readyPath).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Jetty is still starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError(readyPath + " did not answer within " + START_TIMEOUT + "; see "
                + home.resolve("data/log/karaf.log"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    URI url(String path) {
        return URI.create("http://" + httpHost + ":" + httpPort + path);
    }

    /**
     * Runs {@code command} (e.g. {@code bin/client}) in Karaf's home as an operator would, with
     * {@code typed} as what they type at its prompt, and returns what it printed once it exited 0.
     */
    String run(List<String> command, String typed) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(command);
        line.set(0, home.resolve(command.get(0)).toString());
        ProcessBuilder builder = new ProcessBuilder(line).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process run = builder.start();
        try (var input = run.getOutputStream()) {
            input.write(typed.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new AssertionError(command + " still running after 60 s: " + output);
        }
        if (run.exitValue() != 0) {
            throw new AssertionError(command + " exited " + run.exitValue() + ": " + output);
        }
        return output;
    }

    /** Stops Karaf as {@code bin/stop} does, and kills it if it lingers. */
    void stop() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        script("stop").redirectOutput(home.resolve("stop.out").toFile()).start().waitFor(30, TimeUnit.SECONDS);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

package io.huibo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;

/**
 * The storage steps' rows of a run on another database than Derby, kept as
 * bench/results/&lt;date&gt;-&lt;database&gt;.json so that the full run of that date shows them
 * beside its own. {@code note} says how that database was set up (its durability above all);
 * {@code cpuMark} lets a reader see whether both ran on an equally busy machine.
 */
record StorageRun(String database, String note, double cpuMark, List<Row> rows) {

    /** NaN marks a figure that does not apply; JSON has no such number, Gson's lenient form does. */
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setStrictness(Strictness.LENIENT)
            .setPrettyPrinting().create();

    static String fileName(String date, String database) {
        return date + "-" + database + ".json";
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, GSON.toJson(this), StandardCharsets.UTF_8);
    }

    static StorageRun read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StorageRun.class);
    }

    /** This run's row for {@code test} at {@code offeredRate}, or null when it has none (a step not reached). */
    Row find(String test, double offeredRate) {
        return rows.stream().filter(r -> r.test().equals(test) && (Double.isNaN(offeredRate) || r.offeredRate() == offeredRate))
                .findFirst().orElse(null);
    }
}

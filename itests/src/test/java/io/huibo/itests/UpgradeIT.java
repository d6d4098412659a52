package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * An install made by the last build before Liquibase (its {@code data/huibo}, see
 * {@code src/test/resources/upgrade/README.md}) upgraded in place: this build starts on its
 * database and keys, marks the changesets the old runner applied as ran, and everything the
 * install held is there and usable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class UpgradeIT extends HuiboTestSupport {
    private static final String FIXTURE = "/upgrade/huibo-data-cfbfe18.zip";
    /** The fixture tenant's key, with reveal: it was made in that install, and its secret is sealed there. */
    private final ApiClient upgraded = new ApiClient("k_8e4f79403abc88478e20", "ndOfQ8j0qPmhhLXdyR4jKoPRi3WNcM2Ocp-ZNvyf3VY");

    @Inject
    @Filter("(osgi.jndi.service.name=jdbc/huibo)")
    private DataSource dataSource;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        Path data = unzipFixture(Path.of(System.getProperty("huibo.it.work"), "upgrade-data"));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                options.add(replaceConfigurationFile("data/" + data.relativize(file), file.toFile()));
            }
        }
        // the fixture's records are from its day: no retention may purge them, whenever this runs
        for (String kind : List.of("calls", "bindings", "webhookEvents")) {
            options.add(editConfigurationFilePut("etc/io.huibo.retention.cfg", kind, "P36500D"));
        }
        return options.toArray(new Option[0]);
    }

    private static Path unzipFixture(Path dir) throws IOException {
        try (InputStream in = UpgradeIT.class.getResourceAsStream(FIXTURE); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the fixture: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    @Test
    public void theOldInstallsDataIsAllThereAndUsable() throws Exception {
        upgraded.awaitAccepted(); // its key signs: the secret sealed under its master key opens

        JsonObject axb = body(upgraded.send("GET", "/bindings/b_f5edde6602e74ca28c786084679b6d11", null, Map.of()));
        assertEquals("+8657188881001", axb.get("x").getAsString());
        assertEquals("its numbers unsealed", "+8613800138000", axb.get("a").getAsString());
        assertEquals("+8613900139000", axb.get("b").getAsString());
        JsonArray axn = body(upgraded.send("GET", "/bindings?orderId=order-axn-1", null, Map.of())).getAsJsonArray("items");
        assertEquals(axn.toString(), 1, axn.size());
        assertEquals("b_c7da2e2dee804d5a980b49eb993ebaee", axn.get(0).getAsJsonObject().get("id").getAsString());
        assertEquals("+8613700137000", axn.get(0).getAsJsonObject().get("a").getAsString());

        List<String> calls = new ArrayList<>();
        for (JsonElement call : body(upgraded.send("GET", "/calls", null, Map.of())).getAsJsonArray("items")) {
            JsonObject c = call.getAsJsonObject();
            calls.add(c.get("id").getAsString() + " " + c.get("from").getAsString() + " " + c.get("outcome").getAsString());
        }
        assertEquals(List.of("c_47e4d29b07a5494ebc73510a0e5e5c51 +8613600136000 from-no-answer",
                "c_123f28aa4fd7419399da0600e91b9f0b +8613800138000 from-no-answer"), calls);

        HttpResponse<String> bound = upgraded.send("POST", "/bindings", "{\"mode\": \"AXB\", \"a\": \"+8613300133000\","
                + " \"b\": \"+8613200132000\", \"x\": \"+8657188881003\", \"ttlSeconds\": 600}", Map.of());
        assertEquals("a new binding on the old pool: " + bound.body(), 201, bound.statusCode());
        String id = body(bound).get("id").getAsString();
        assertEquals("+8613300133000", body(upgraded.send("GET", "/bindings/" + id, null, Map.of())).get("a").getAsString());
        assertEquals(204, upgraded.send("DELETE", "/bindings/" + id, null, Map.of()).statusCode());

        assertTrue("its undelivered webhooks are still in the outbox",
                count("SELECT COUNT(*) FROM huibo_webhook_outbox WHERE tenant_id = 'upgrade'") >= 5);
    }

    @Test
    public void liquibaseRecordedTheOldRunnersScriptsAsRanAndKeptItsRecord() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, exectype FROM databasechangelog ORDER BY orderexecuted")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        assertEquals(Stream.of("V1__calls", "V2__bindings", "V3__relayed_calls", "V4__call_pair_index", "V5__tenants",
                "V6__webhook_outbox", "V7__button_tokens", "V8__adapters", "V9__party_expiry", "V10__idempotency_key_owner",
                "V12__numbers_at_rest", "V13__adapter_nonces").map(id -> id + " MARK_RAN").toList(), rows);
        assertEquals(12, count("SELECT COUNT(*) FROM huibo_schema_version"));
    }

    private int count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static JsonObject body(HttpResponse<String> response) {
        assertTrue(response.statusCode() + " " + response.body(), response.statusCode() / 100 == 2);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}

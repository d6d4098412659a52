package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.service.cm.Configuration;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.ApiKey;
import io.huibo.api.Issued;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * Real numbers at rest, in the real distribution with its Derby: after a callback between two
 * phones and a binding, no table and no file of the database holds a real number in clear, yet
 * the API shows them masked, or whole to a key with {@code reveal}; and a short retention purges
 * what is over while a live binding stays.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NumbersAtRestIT extends HuiboTestSupport {
    private static final String PHONE_C = "+8613700137000";
    /** Each real number as a column or file would hold it: its national digits. */
    private static final List<String> REAL = List.of(PHONE_A, PHONE_B, PHONE_C).stream().map(n -> n.substring(3)).toList();

    @Inject
    private TenantService tenants;

    @Inject
    @Filter("(osgi.jndi.service.name=jdbc/huibo)")
    private DataSource dataSource;

    @Test
    public void afterACallbackAndABindingNeitherTablesNorDerbyFilesHoldARealNumberInClear() throws Exception {
        Path dir = workDir("at-rest");
        String[] callId = new String[1];
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (merchant, customer) -> {
            HttpResponse<String> placed = api.send("POST", "/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\"}",
                    Map.of("Idempotency-Key", "at-rest-" + UUID.randomUUID()));
            assertEquals(placed.body(), 201, placed.statusCode());
            callId[0] = JsonParser.parseString(placed.body()).getAsJsonObject().get("id").getAsString();
            assertEquals("merchant's phone saw the whole scenario; see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("customer's phone saw the whole scenario; see " + customer.output(), 0, customer.awaitExit());
            assertEquals("completed", awaitEnded(callId[0]).get("outcome").getAsString());
        });
        executeCommand("huibo:number-add +8657188883001 0571");
        HttpResponse<String> bound = api.send("POST", "/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_C
                + "\", \"ttlSeconds\": 600}", Map.of("Idempotency-Key", "at-rest-" + UUID.randomUUID()));
        assertEquals(bound.body(), 201, bound.statusCode());
        String bindingId = JsonParser.parseString(bound.body()).getAsJsonObject().get("id").getAsString();

        assertEquals("columns holding a real number in clear", List.of(), holding(REAL));
        assertEquals("database files holding a real number in clear", List.of(), filesHolding(REAL));
        List<String> pool = List.of("57188883001");
        assertTrue("the scans do see text in clear: the pool number X, which is virtual", holding(pool).contains("HUIBO_NUMBER.NUMBER"));
        assertTrue("the file scan too", !filesHolding(pool).isEmpty());

        JsonObject masked = get("/callbacks/" + callId[0]).body();
        assertEquals("+86138****8000", masked.get("from").getAsString());
        assertEquals("+86137****7000", get("/bindings/" + bindingId).body().get("b").getAsString());
        Issued<ApiKey> revealing = tenants.createKey(Tenant.DEFAULT, EnumSet.of(Right.CALLS, Right.BINDINGS, Right.REVEAL));
        ApiClient reveal = new ApiClient(revealing.value().id(), revealing.secret());
        JsonObject whole = JsonParser.parseString(reveal.send("GET", "/callbacks/" + callId[0], null, Map.of()).body()).getAsJsonObject();
        assertEquals(PHONE_A, whole.get("from").getAsString());
        assertEquals(PHONE_B, whole.get("to").getAsString());
        JsonObject binding = JsonParser.parseString(reveal.send("GET", "/bindings/" + bindingId, null, Map.of()).body()).getAsJsonObject();
        assertEquals(PHONE_A, binding.get("a").getAsString());
        assertEquals(PHONE_C, binding.get("b").getAsString());
        assertEquals(204, deleted("/bindings/" + bindingId));
        executeCommand("huibo:number-remove +8657188883001");
    }

    @Test
    public void aShortRetentionPurgesWhatIsOverAndKeepsALiveBinding() throws Exception {
        executeCommand("huibo:number-add +8657188883002 0571");
        executeCommand("huibo:number-add +8657188883003 0571");
        String ended = bind("{\"mode\": \"AXN\", \"a\": \"" + PHONE_C + "\", \"ttlSeconds\": 600}");
        assertEquals(204, deleted("/bindings/" + ended));
        String live = bind("{\"mode\": \"AXN\", \"a\": \"" + PHONE_B + "\", \"ttlSeconds\": 600}");
        String call = endedCallback();
        assertEquals(200, get("/callbacks/" + call).status());

        Configuration retention = configAdmin.getConfiguration("io.huibo.retention", null);
        Dictionary<String, Object> shipped = retention.getProperties();
        Dictionary<String, Object> quick = new Hashtable<>(Map.of("calls", "PT1S", "bindings", "PT1S", "webhookEvents", "PT1S",
                "adapterEvents", "PT1S", "idempotencyKeys", "PT1S", "every", "PT1S", "batchSize", "500"));
        retention.update(quick);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((get("/callbacks/" + call).status() != 404 || get("/bindings/" + ended).status() != 404)
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals("the ended call is purged", 404, get("/callbacks/" + call).status());
            assertEquals("the deleted binding is purged", 404, get("/bindings/" + ended).status());
            ApiResponse kept = get("/bindings/" + live);
            assertEquals("the live binding stays: " + kept.body(), 200, kept.status());
            assertTrue(kept.body().get("deletedAt") == null || kept.body().get("deletedAt").isJsonNull());
        } finally {
            retention.update(shipped);
        }
        assertEquals(204, deleted("/bindings/" + live));
        executeCommand("huibo:number-remove +8657188883002");
        executeCommand("huibo:number-remove +8657188883003");
    }

    /** The status of a DELETE, whose 204 has no body. */
    private int deleted(String path) throws Exception {
        return api.send("DELETE", path, null, Map.of()).statusCode();
    }

    private String bind(String json) throws Exception {
        ApiResponse bound = post("/bindings", json);
        assertEquals(bound.body().toString(), 201, bound.status());
        return bound.body().get("id").getAsString();
    }

    /** A callback the merchant's phone refuses busy: over at once. */
    private String endedCallback() throws Exception {
        SippPhone busy = phone(PHONE_A, "phone-busy.xml", workDir("busy-" + UUID.randomUUID()));
        try {
            String id = placeCallback("");
            assertEquals("from-busy", awaitEnded(id).get("outcome").getAsString());
            return id;
        } finally {
            busy.stop();
        }
    }

    /** "table.column" of each text in the schema holding one of {@code texts}. */
    private List<String> holding(List<String> texts) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, null, "HUIBO%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertTrue("the schema's tables are listed: " + tables, tables.size() > 10);
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            if (value != null && texts.stream().anyMatch(value::contains)) {
                                found.add(table + "." + rs.getMetaData().getColumnName(i));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Each file of the Derby database (data files and transaction log) holding one of {@code texts}. */
    private List<String> filesHolding(List<String> texts) throws IOException {
        Path derby = Path.of(System.getProperty("karaf.data"), "huibo", "derby");
        assertTrue(derby + " exists", Files.isDirectory(derby));
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(derby)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (texts.stream().anyMatch(bytes::contains)) {
                    found.add(derby.relativize(file).toString());
                }
            }
        }
        return found;
    }
}

package io.huibo.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFileExtend;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ops4j.pax.exam.Option;

/**
 * A PostgreSQL database of its own for one Karaf under test, when the tests run with
 * {@code huibo.it.database=postgresql}: made on the server that {@code huibo.test.postgres} names
 * (a JDBC URL whose user may create roles and databases) as the README's "Storing in PostgreSQL"
 * has an operator make it, a user owning a database, and switched to with that section's
 * {@code etc/} lines and feature, read from README.md itself.
 */
final class PostgresStore implements AutoCloseable {
    static final String FEATURE = "huibo-postgresql";
    private static final String DATASOURCE_CFG = "org.ops4j.datasource-huibo.cfg";
    private static final String SECTION = "### Storing in PostgreSQL";
    /** What the README's lines name for the operator's own server, user and password. */
    private static final List<String> SITE_KEYS = List.of("url", "user", ".password");
    private static final Pattern SERVER = Pattern.compile("jdbc:postgresql://([^/?]+).*");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The database of the Karaf that runs now. Pax Exam stops a class's Karaf after its last test
     * and calls no {@code @AfterClass} outside the container, so the next class drops it, and the
     * JVM's exit the last one.
     */
    private static PostgresStore current;

    private final String server;
    private final String name;
    private final String password;
    private final String url;

    private PostgresStore(String server, String name, String password, String url) {
        this.server = server;
        this.name = name;
        this.password = password;
        this.url = url;
    }

    /** Whether this run stores in PostgreSQL rather than the distribution's Derby. */
    static boolean selected() {
        return "postgresql".equals(System.getProperty("huibo.it.database", "derby"));
    }

    /**
     * A fresh database and its owner for the test class {@code owner}, after dropping the one
     * before; a server that cannot be reached fails the test class.
     */
    static synchronized PostgresStore create(String owner) throws IOException {
        try {
            return createOnServer(owner);
        } catch (SQLException e) {
            throw new IOException("could not make a database for " + owner + " on " + System.getProperty("huibo.test.postgres"), e);
        }
    }

    private static PostgresStore createOnServer(String owner) throws SQLException {
        if (current == null) {
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresStore::dropCurrent, "drop-it-database"));
        } else {
            current.close();
        }
        String server = System.getProperty("huibo.test.postgres", "");
        Matcher host = SERVER.matcher(server);
        if (!host.matches()) {
            throw new IllegalStateException("huibo.it.database=postgresql needs huibo.test.postgres, the JDBC URL of a"
                    + " PostgreSQL server (jdbc:postgresql://127.0.0.1:PORT/postgres?user=...), not '" + server + "'");
        }
        String name = "huibo_it_" + owner.toLowerCase(Locale.ROOT) + "_" + HexFormat.of().formatHex(randomBytes(4));
        String password = HexFormat.of().formatHex(randomBytes(16));
        try (Connection admin = DriverManager.getConnection(server); Statement sql = admin.createStatement()) {
            sql.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            sql.execute("CREATE DATABASE " + name + " OWNER " + name);
        }
        current = new PostgresStore(server, name, password, "jdbc:postgresql://" + host.group(1) + "/" + name);
        return current;
    }

    /** Pax Exam's edits of {@code etc/} that switch the Karaf under test to this database. */
    List<Option> options() throws IOException {
        List<Option> options = new ArrayList<>();
        datasourceSettings().forEach((key, value) -> options.add(editConfigurationFilePut("etc/" + DATASOURCE_CFG, key, value)));
        options.add(editConfigurationFileExtend("etc/org.apache.karaf.features.cfg", "featuresBoot", FEATURE));
        return options;
    }

    /** The same edits, made in the {@code etc/} of a Karaf started outside Pax Exam. */
    void applyTo(KarafServer karaf) throws IOException {
        for (Map.Entry<String, String> setting : datasourceSettings().entrySet()) {
            karaf.configure(DATASOURCE_CFG, setting.getKey(), setting.getValue());
        }
        karaf.addBootFeature(FEATURE);
    }

    /** The README's lines for the datasource's file, with this database's URL, user and password. */
    private Map<String, String> datasourceSettings() throws IOException {
        Map<String, String> settings = readmeSettings();
        settings.put("url", url);
        settings.put("user", name);
        settings.put(".password", password);
        return settings;
    }

    /** The properties block of the README's section on PostgreSQL, which names the feature too. */
    private static Map<String, String> readmeSettings() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("huibo.readme")), StandardCharsets.UTF_8);
        int at = lines.indexOf(SECTION);
        assertTrue("README.md has no section " + SECTION, at >= 0);
        while (!lines.get(at).equals("```properties")) {
            at++;
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.equals("```")) {
                break;
            }
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] setting = line.split("\\s*=\\s*", 2);
                settings.put(setting[0].trim(), setting[1].trim());
            }
        }
        assertTrue("the README's lines for PostgreSQL set " + SITE_KEYS + ": " + settings, settings.keySet().containsAll(SITE_KEYS));
        assertTrue("the README's section on PostgreSQL names the feature " + FEATURE,
                String.join("\n", lines.subList(at, lines.size())).contains(", " + FEATURE + "`"));
        return settings;
    }

    /** Drops the database and its owner, ending the connections a Karaf still holds. */
    @Override
    public synchronized void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(server); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            sql.execute("DROP ROLE IF EXISTS " + name);
        }
    }

    private static synchronized void dropCurrent() {
        try {
            current.close();
        } catch (SQLException e) {
            System.err.println("could not drop the itests' database " + current.name + ": " + e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

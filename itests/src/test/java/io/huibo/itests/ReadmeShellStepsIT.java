package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The README's shell steps as written there, read from README.md itself, on the distribution as
 * shipped (unpacked afresh, only its ports changed): {@code bin/client} just as the README says,
 * its {@code huibo:} commands typed at the prompt, each doing what the README says it does.
 */
public class ReadmeShellStepsIT {
    private static final String SECTION = "### Making a tenant and a key";
    private static final Pattern SECRET = Pattern.compile("^Secret: (\\S+)$", Pattern.MULTILINE);
    private static final Pattern KEY_ID = Pattern.compile("^Key id: (\\S+)$", Pattern.MULTILINE);

    private static KarafServer karaf;

    @BeforeClass
    public static void startAsShipped() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "readme-shell"));
        int httpPort = HuiboTestSupport.freePort();
        karaf = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("karaf"), httpPort);
        karaf.configure("io.huibo.engine.cfg", "sipPort", String.valueOf(HuiboTestSupport.freePort()));
        System.setProperty("huibo.it.http.port", String.valueOf(httpPort)); // where ApiClient finds the API
        karaf.start("/api/v1/openapi.json");
    }

    @AfterClass
    public static void stopKaraf() throws Exception {
        System.clearProperty("huibo.it.http.port");
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    public void theReadmesShellStepsMakeATenantItsKeyAndAPoolNumber() throws Exception {
        ShellSteps steps = ShellSteps.read(Path.of(System.getProperty("huibo.readme")));
        assertEquals("the README starts the shell with bin/client", "bin/client", steps.client().get(0));
        assertEquals(List.of("huibo:tenant-create", "huibo:key-create", "huibo:number-add", "huibo:tenant-list"),
                steps.commands().stream().map(c -> c.split(" ")[0]).toList());
        String password = awaitLocalAccount();

        String shown = karaf.run(steps.client(), String.join("\n", steps.commands()) + "\n");

        assertTrue(shown, shown.contains("Created tenant acme (Acme KTV, region CN)"));
        assertTrue(shown, shown.contains("Added +8657188880001 (0571) to the pool of tenant acme"));
        assertTrue(shown, Pattern.compile("^acme\\s+\\| Acme KTV\\s+\\| CN", Pattern.MULTILINE).matcher(shown).find());
        Matcher secret = SECRET.matcher(shown);
        assertTrue(shown, secret.find());
        String keySecret = secret.group(1);
        assertFalse("one secret, printed once: " + shown, secret.find());
        Matcher keyId = KEY_ID.matcher(shown);
        assertTrue(shown, keyId.find());

        String later = karaf.run(steps.client(), "huibo:key-list acme\nhuibo:numbers --tenant acme\n");
        assertTrue(later, later.contains(keyId.group(1)));
        assertFalse("the secret is not shown again: " + later, later.contains(keySecret));
        assertTrue(later, later.contains("+8657188880001"));

        HttpResponse<String> pool = new ApiClient(keyId.group(1), keySecret).send("GET", "/numbers", null, Map.of());
        assertEquals(pool.body(), 200, pool.statusCode());
        assertTrue(pool.body(), pool.body().contains("+8657188880001"));

        for (Path log : List.of(karaf.home().resolve("console.out"), karaf.home().resolve("data/log/karaf.log"))) {
            assertFalse(log + " shows the shell's password", Files.readString(log, StandardCharsets.UTF_8).contains(password));
        }
    }

    /**
     * The local account's password, once Huibo has made it at first start: the shell bundle may
     * come up a moment after the API answers.
     */
    private static String awaitLocalAccount() throws IOException, InterruptedException {
        Path users = karaf.home().resolve("etc/users.properties");
        for (int i = 0; i < 150; i++) {
            Properties read = new Properties();
            try (var in = Files.newBufferedReader(users, StandardCharsets.ISO_8859_1)) {
                read.load(in);
            }
            String account = read.getProperty("karaf");
            if (account != null) {
                assertEquals("rw-------", PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(users)));
                return account.split(",")[0];
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no local account in " + users + " 30 s after start");
    }

    /** The sh block of the README's section on the shell: the client's command line, then what is typed at it. */
    record ShellSteps(List<String> client, List<String> commands) {
        static ShellSteps read(Path readme) throws IOException {
            List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
            int at = lines.indexOf(SECTION);
            assertTrue("README.md has no section " + SECTION, at >= 0);
            while (!lines.get(at).equals("```sh")) {
                at++;
            }
            List<String> client = null;
            List<String> commands = new ArrayList<>();
            for (String line : lines.subList(at + 1, lines.size())) {
                if (line.equals("```")) {
                    break;
                }
                if (line.startsWith("bin/client")) {
                    client = Arrays.asList(line.replaceFirst("\\s*#.*$", "").split("\\s+"));
                } else if (line.startsWith("huibo:")) {
                    commands.add(line); // as written, comment and all: the shell takes # as one
                }
            }
            assertTrue("no bin/client line in the README's shell steps", client != null);
            return new ShellSteps(client, commands);
        }
    }
}

package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Tenant;

/**
 * A merchant's staff member opens the demo ERP page in a real browser and clicks the call
 * button next to a booking: Huibo rings their phone, then the guest's, and the page shows each
 * step as the server reports it. The page never holds a real number or a secret, and a token
 * works once and only until it expires. Not a Pax Exam test: Karaf runs as an operator runs it,
 * and Chromium runs beside it, driven by Selenium.
 */
public class ButtonPageIT {
    private static final String MERCHANT = HuiboTestSupport.PHONE_A;
    private static final String GUEST = HuiboTestSupport.PHONE_B;
    /** Every way the page could spell a real number: the national digits are in each. */
    private static final List<String> REAL_NUMBERS = List.of(MERCHANT.substring(3), GUEST.substring(3));

    private static Path work;
    private static KarafServer karaf;
    private static ChromeDriver browser;
    private static ApiClient api;
    private static int merchantPort;
    private static int guestPort;

    @BeforeClass
    public static void startHuiboAndChromium() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "button-page"));
        int httpPort = HuiboTestSupport.freePort();
        merchantPort = HuiboTestSupport.freePort();
        guestPort = HuiboTestSupport.freePort();
        karaf = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("karaf"), httpPort);
        karaf.configure("io.huibo.engine.cfg", "sipPort", String.valueOf(HuiboTestSupport.freePort()));
        karaf.configure("io.huibo.engine.cfg", "routes",
                MERCHANT + "=127.0.0.1:" + merchantPort + ", " + GUEST + "=127.0.0.1:" + guestPort);
        karaf.configure("io.huibo.engine.cfg", "trunkKeepaliveSeconds", "0");
        karaf.configure("io.huibo.policy.cfg", "dailyCapPerPair", "0");
        karaf.configure("io.huibo.demo.cfg", "enabled", "true"); // shipped off
        karaf.configure("io.huibo.demo.cfg", "agent", MERCHANT);
        karaf.configure("io.huibo.demo.cfg", "bookings", "B-1042|Ms. Wang|Dinner for 4, Fri 19:00|" + GUEST);
        karaf.configure("io.huibo.apikey-itest.cfg", "tenant", Tenant.DEFAULT);
        karaf.configure("io.huibo.apikey-itest.cfg", "keyId", HuiboTestSupport.KEY_ID);
        karaf.configure("io.huibo.apikey-itest.cfg", "secret", HuiboTestSupport.KEY_SECRET);
        karaf.configure("io.huibo.apikey-itest.cfg", "rights", "calls");
        // ApiClient finds the API through this property, as it does inside Pax Exam's container
        System.setProperty("huibo.it.http.port", String.valueOf(httpPort));
        api = new ApiClient(HuiboTestSupport.KEY_ID, HuiboTestSupport.KEY_SECRET);
        karaf.start("/huibo/demo/");
        api.awaitAccepted();
        browser = HeadlessChromium.start(work.resolve("chromium"));
    }

    @AfterClass
    public static void stopChromiumAndHuibo() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            System.clearProperty("huibo.it.http.port");
            if (karaf != null) {
                karaf.stop();
            }
        }
    }

    @Test
    public void clickingTheButtonCallsBothPhonesAndThePageShowsEachStepLive() throws Exception {
        Path dir = work.resolve("click");
        // a page that connects late is told only where the call stands then: the merchant's phone rings for five
        // seconds, as a person's does, so the page is following before the first step is past
        SippPhone merchant = SippPhone.start(HuiboTestSupport.scenarioFile("phone-answer-late-wait-bye.xml"),
                merchantPort, dir.resolve("merchant"), 1);
        SippPhone guest = SippPhone.start(HuiboTestSupport.scenarioFile("phone-answer-hangup.xml"), guestPort,
                dir.resolve("guest"), 1);
        HuiboTestSupport.withPhones(merchant, guest, (merchantPhone, guestPhone) -> {
            browser.get(karaf.url("/huibo/demo/").toString());
            assertHoldsNoRealNumberOrSecret("the demo page", browser.getPageSource());
            assertHoldsNoRealNumberOrSecret("button.js", karaf.get("/huibo/button.js").body());
            WebElement row = browser.findElement(By.cssSelector("tr[data-booking='B-1042']"));
            assertEquals("+86139****9000", row.findElement(By.cssSelector("td.number")).getText());
            WebElement slot = row.findElement(By.cssSelector("[data-huibo-token]"));
            String token = slot.getDomAttribute("data-huibo-token");

            slot.findElement(By.tagName("button")).click();

            // connected while the guest talks, for two seconds, then ended when the guest hangs up
            awaitState(slot, "bridged");
            awaitState(slot, "ended");
            List<WebElement> steps = slot.findElements(By.cssSelector(".huibo-steps li"));
            assertEquals(List.of("calling-from", "calling-to", "bridged", "ended"),
                    steps.stream().map(step -> step.getDomAttribute("data-state")).toList());
            assertEquals(List.of("Ringing you", "Ringing the customer", "Connected", "Ended: call completed"),
                    steps.stream().map(WebElement::getText).toList());
            assertEquals("merchant's phone was called and hung up on; see " + merchantPhone.output(), 0,
                    merchantPhone.awaitExit());
            assertEquals("guest's phone was called and hung up; see " + guestPhone.output(), 0, guestPhone.awaitExit());
            assertTrue(guestPhone.messages().contains("INVITE sip:" + GUEST));
            assertFalse("the guest never sees the merchant's number", guestPhone.messages().contains(MERCHANT.substring(3)));
            assertHoldsNoRealNumberOrSecret("the page after the call", browser.getPageSource());

            JsonObject reused = json(karaf.postJson("/huibo/button/calls", "{\"token\": \"" + token + "\"}"), 409);
            assertEquals("TOKEN_USED", reused.getAsJsonObject("error").get("code").getAsString());
            WebElement again = mountButton(token, "again");
            again.findElement(By.tagName("button")).click();
            awaitError(again, "TOKEN_USED");
            assertTrue(again.findElement(By.cssSelector(".huibo-error")).getText().contains("already placed its call"));
        });
    }

    @Test
    public void anExpiredOrForgedTokenShowsAnErrorAndPlacesNoCall() throws Exception {
        Instant start = Instant.now();
        String body = "{\"from\": \"" + MERCHANT + "\", \"to\": \"" + GUEST + "\", \"ttlSeconds\": 1}";
        assertEquals("minting needs a signed request", 401, karaf.postJson("/api/v1/button-tokens", body).statusCode());
        JsonObject minted = json(api.send("POST", "/button-tokens", body, Map.of()), 201);
        String token = minted.get("token").getAsString();
        assertHoldsNoRealNumberOrSecret("a token", token);
        Thread.sleep(1500);

        JsonObject expired = json(karaf.postJson("/huibo/button/calls", "{\"token\": \"" + token + "\"}"), 401);
        assertEquals("TOKEN_EXPIRED", expired.getAsJsonObject("error").get("code").getAsString());
        browser.get(karaf.url("/huibo/demo/").toString());
        WebElement late = mountButton(token, "late");
        late.findElement(By.tagName("button")).click();
        awaitError(late, "TOKEN_EXPIRED");
        assertTrue(late.findElement(By.cssSelector(".huibo-error")).getText().contains("expired"));

        String forged = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);
        WebElement fake = mountButton(forged, "forged");
        fake.findElement(By.tagName("button")).click();
        awaitError(fake, "INVALID_TOKEN");

        JsonObject calls = json(api.send("GET", "/calls?since=" + start, null, Map.of()), 200);
        assertEquals("no call was placed: " + calls, 0, calls.getAsJsonArray("items").size());
    }

    /** Adds a button holding {@code token} to the open page, as a page keeping an old token would have. */
    private static WebElement mountButton(String token, String id) {
        browser.executeScript("var slot = document.createElement('span'); slot.id = arguments[1];"
                + " slot.setAttribute('data-huibo-token', arguments[0]); document.body.appendChild(slot);"
                + " HuiboButton.mount(slot);", token, id);
        return browser.findElement(By.id(id));
    }

    private static void awaitState(WebElement slot, String state) {
        await().withMessage("the page to show the call " + state)
                .until(d -> state.equals(slot.getDomAttribute("data-huibo-state")));
    }

    private static void awaitError(WebElement slot, String code) {
        await().withMessage("the page to show " + code).until(d -> code.equals(slot.getDomAttribute("data-huibo-error")));
    }

    private static WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.pollingEvery(Duration.ofMillis(50));
        return wait;
    }

    /** Neither phone's real number, nor the key that seals tokens, nor the API key's secret. */
    private static void assertHoldsNoRealNumberOrSecret(String what, String text) throws Exception {
        for (String number : REAL_NUMBERS) {
            assertFalse(what + " holds the real number " + number, text.contains(number));
        }
        String sealingKey = Files.readString(karaf.home().resolve("data/huibo/button-token.key"), StandardCharsets.US_ASCII)
                .strip();
        assertFalse(what + " holds the token sealing key", text.contains(sealingKey));
        assertFalse(what + " holds the API secret", text.contains(HuiboTestSupport.KEY_SECRET));
    }

    private static JsonObject json(java.net.http.HttpResponse<String> response, int status) {
        assertEquals(response.body(), status, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}

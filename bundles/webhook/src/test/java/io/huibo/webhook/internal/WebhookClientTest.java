package io.huibo.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.huibo.api.spi.OutboxEvent;

/** The send-time check: a name that now resolves somewhere refused is not connected to. */
class WebhookClientTest {

    @Test
    void aNameRebindToLoopbackAfterAcceptanceIsRefusedWithoutARequest() throws Exception {
        try (Receiver receiver = Receiver.accepting()) {
            String url = receiver.url().replace("127.0.0.1", "erp.example");
            UrlPolicy policy = new UrlPolicy("", host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
            assertEquals("", policy.refusal(url).orElse(""), "accepted by its text");
            // refused before anything is signed or sent: no tenant service is needed
            WebhookClient client = new WebhookClient(null, policy, Duration.ofSeconds(1), Duration.ofSeconds(1));

            WebhookClient.Result result = client.send(new OutboxEvent("e_1", "t1", "c_1", 1, "call.created", url, "{}", 0,
                    Instant.now()));

            assertFalse(result.delivered());
            assertTrue(result.refused(), "no retry changes it");
            assertTrue(result.error().startsWith("its URL resolves to a loopback address"), result.error());
            assertEquals(0, receiver.received().size(), "nothing reached the receiver");
        }
    }
}

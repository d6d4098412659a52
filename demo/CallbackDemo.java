import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The demo's client, an ERP in miniature: places one callback through Huibo's HTTP API with
 * signed requests, prints its progress as it happens, the stored call record, and the SIP
 * ladder each SIPp phone saw.
 * Run by demo/run as: java -cp gson.jar CallbackDemo.java BASE_URL FROM TO PHONES_DIR KEY_ID SECRET
 */
public class CallbackDemo {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String keyId;
    private static String secret;
    private static final Pattern MESSAGE = Pattern.compile(
            "UDP message (sent|received).*?\\R\\R(.*?)\\R(?:.*?\\R)*?(?:From: *(.*?)\\R)", Pattern.DOTALL);

    public static void main(String[] args) throws Exception {
        String base = args[0] + "/api/v1";
        String from = args[1];
        String to = args[2];
        Path phones = Path.of(args[3]);
        keyId = args[4];
        secret = args[5];

        String body = "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"userData\": \"demo-booking-1\"}";
        System.out.println("== POST /api/v1/callbacks " + body.replace(from, "<merchant>").replace(to, "<customer>"));
        HttpResponse<String> placed = HTTP.send(signed("POST", base + "/callbacks", body)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject call = JsonParser.parseString(placed.body()).getAsJsonObject();
        System.out.println("   " + placed.statusCode() + " " + (placed.statusCode() == 201 ? call.get("id").getAsString() : call));
        if (placed.statusCode() != 201) {
            System.exit(1);
        }
        String id = call.get("id").getAsString();

        System.out.println("== Progress, as the API reports it");
        long started = System.nanoTime();
        String last = "";
        while (System.nanoTime() - started < 60_000_000_000L) {
            call = get(base + "/callbacks/" + id);
            String now = progress(call);
            if (!now.equals(last)) {
                System.out.printf("   %6.2f s  %s%n", (System.nanoTime() - started) / 1e9, now);
                last = now;
            }
            if ("ended".equals(call.get("state").getAsString())) {
                break;
            }
            Thread.sleep(50);
        }

        System.out.println("== The stored call record (GET /api/v1/callbacks/" + id + ")");
        System.out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(get(base + "/callbacks/" + id))
                .replaceAll("(?m)^", "   "));

        Thread.sleep(1000); // let the phones finish writing their message logs
        for (String phone : List.of("merchant", "customer")) {
            String other = phone.equals("merchant") ? to : from;
            String log = Files.readString(phones.resolve(phone + ".log"));
            System.out.println("== What the " + phone + "'s phone saw (SIPp message log)");
            for (String line : ladder(log)) {
                System.out.println("   " + line);
            }
            System.out.println("   the other party's number appears in it: " + (log.contains(other) ? "YES (privacy broken)" : "no"));
        }
    }

    /**
     * A request signed as the API contract says: Base64 HMAC-SHA256, keyed with the secret, of
     * METHOD, path with query, timestamp, nonce and the body's SHA-256 in hex, one per line.
     */
    private static HttpRequest.Builder signed(String method, String url, String body) throws Exception {
        URI uri = URI.create(url);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        String bodyHash = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        String canonical = method + "\n" + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HttpRequest.newBuilder(uri).header("X-Huibo-Key", keyId).header("X-Huibo-Timestamp", timestamp)
                .header("X-Huibo-Nonce", nonce).header("X-Huibo-Signature",
                        Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    private static JsonObject get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(signed("GET", url, "").GET().build(), HttpResponse.BodyHandlers.ofString());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String progress(JsonObject call) {
        StringBuilder line = new StringBuilder(call.get("state").getAsString());
        for (JsonElement element : call.getAsJsonArray("legs")) {
            JsonObject leg = element.getAsJsonObject();
            line.append(" | ").append(leg.get("party").getAsString()).append(" leg ").append(leg.get("state").getAsString());
            if (!leg.get("sipStatus").isJsonNull()) {
                line.append(" (SIP ").append(leg.get("sipStatus").getAsInt()).append(')');
            }
        }
        if (!call.get("outcome").isJsonNull()) {
            line.append(" | outcome ").append(call.get("outcome").getAsString())
                    .append(", hung up by ").append(call.get("hangupBy").getAsString());
        }
        return line.toString();
    }

    private static List<String> ladder(String log) {
        List<String> lines = new ArrayList<>();
        Matcher m = MESSAGE.matcher(log);
        while (m.find()) {
            lines.add(String.format("%-3s %-55s From: %s", m.group(1).equals("sent") ? "->" : "<-",
                    m.group(2).strip(), m.group(3).strip()));
        }
        return lines;
    }
}

package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** What the adapters' tests share: installing an adapter's feature as an operator would, and reading what it did through the API. */
public abstract class AdapterTestSupport extends HuiboTestSupport {
    /** How late past its time a due action has surely run: the scheduler looks every second. */
    private static final Duration SCHEDULER_TICKS = Duration.ofSeconds(2);

    /**
     * Installs the feature as Karaf's admin: {@code feature:install} is a secured command, which
     * a session without the admin role does not even see.
     */
    protected void installFeature(String feature) throws Exception {
        asAdmin("feature:install " + feature);
    }

    protected void uninstallFeature(String feature) throws Exception {
        asAdmin("feature:uninstall " + feature);
    }

    private String asAdmin(String command) throws Exception {
        Subject admin = new Subject();
        admin.getPrincipals().add(new UserPrincipal("karaf"));
        admin.getPrincipals().add(new RolePrincipal("admin"));
        try {
            return Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> executeCommand(command));
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
    }

    /**
     * Waits until a scheduled action due at {@code due} would have run: what it would have done is there to see
     * then, or proven never to come. Due times in these tests are seconds away, never more than a minute.
     */
    protected static void awaitPastDue(Instant due) throws InterruptedException {
        Duration wait = Duration.between(Instant.now(), due.plus(SCHEDULER_TICKS));
        assertTrue("due within the minute: " + due, wait.compareTo(Duration.ofMinutes(1)) < 0);
        if (!wait.isNegative()) {
            Thread.sleep(wait.toMillis());
        }
    }

    /** The tenant's bindings made for {@code orderId}, as the API lists them. */
    protected JsonArray bindingsOf(String orderId) throws IOException, InterruptedException {
        ApiResponse response = get("/bindings?orderId=" + orderId);
        assertEquals(response.body().toString(), 200, response.status());
        return response.body().getAsJsonArray("items");
    }

    /** The call records placed with {@code userData}, as the API lists them. */
    protected List<JsonObject> callsFor(String userData) throws IOException, InterruptedException {
        List<JsonObject> calls = new ArrayList<>();
        for (JsonElement item : get("/calls?limit=100").body().getAsJsonArray("items")) {
            JsonElement data = item.getAsJsonObject().get("userData");
            if (data != null && !data.isJsonNull() && userData.equals(data.getAsString())) {
                calls.add(item.getAsJsonObject());
            }
        }
        return calls;
    }
}

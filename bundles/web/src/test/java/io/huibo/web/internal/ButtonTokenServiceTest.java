package io.huibo.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.ButtonGrant;
import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokenException.Reason;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.binding.internal.BindingManager;
import io.huibo.store.internal.JdbcBindingStore;
import io.huibo.store.internal.JdbcButtonTokenStore;
import io.huibo.store.internal.KeyedRecordVault;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Tokens minted and spent over the real stores on a fresh database. */
@DatabaseTest
class ButtonTokenServiceTest {
    private static final PhoneNumber MERCHANT = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber CUSTOMER = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880001");
    private static final Duration MAX_TTL = Duration.ofSeconds(600);

    private final DataSource dataSource = TestDatabase.create();
    private final ButtonKeys keys = new ButtonKeys(bytes(32, 7));
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final BindingManager bindings = new BindingManager(bindingStore(), new NoEvents());
    private final ButtonTokenService tokens = service(keys);

    @Test
    void aTokenCarriesItsTenantAndScopeButShowsNoNumber() {
        String token = tokens.mint("acme", ButtonScope.pair(MERCHANT, CUSTOMER), null, Duration.ofSeconds(60)).token();

        for (String digits : new String[] {"13800138000", "13900139000", "8613800138000"}) {
            assertFalse(token.contains(digits), "the token shows " + digits);
            assertFalse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1).contains(digits),
                    "the token's bytes hold " + digits + " in the clear");
        }
        ButtonGrant grant = tokens.redeem(token, g -> g);
        assertEquals("acme", grant.tenantId());
        assertEquals(ButtonScope.pair(MERCHANT, CUSTOMER), grant.scope());
        assertNull(grant.display());
        assertEquals(clock.instant().plusSeconds(60), grant.expiresAt());
    }

    @Test
    void aTokenPlacesOneCallbackOnlyEvenAfterARestart() throws SQLException {
        String token = pairToken(60);
        tokens.redeem(token, g -> g);

        assertRefused(Reason.TOKEN_USED, () -> tokens.redeem(token, g -> g));
        ButtonTokenService restarted = new ButtonTokenService(new TokenCodec(new ButtonKeys(bytes(32, 7))),
                new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32])), bindings, clock, MAX_TTL);
        assertRefused(Reason.TOKEN_USED, () -> restarted.redeem(token, g -> g));
    }

    @Test
    void aTokenWhoseCallbackWasRefusedStaysUnspent() {
        String token = pairToken(60);
        assertThrows(CallbackRejectedException.class, () -> tokens.redeem(token, g -> {
            throw new CallbackRejectedException(CallbackRejectedException.Reason.OVERLOADED, "busy");
        }));
        assertEquals("acme", tokens.redeem(token, ButtonGrant::tenantId));
    }

    @Test
    void anExpiredTokenIsRefusedToTheMillisecond() {
        String first = pairToken(60);
        String second = pairToken(60);
        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        tokens.redeem(first, g -> g);
        clock.advance(Duration.ofMillis(1));
        assertRefused(Reason.TOKEN_EXPIRED, () -> tokens.redeem(second, g -> g));
    }

    @Test
    void aTokenWithAnyByteChangedIsRefused() {
        byte[] token = Base64.getUrlDecoder().decode(pairToken(60));
        for (int i = 0; i < token.length; i++) {
            byte[] altered = token.clone();
            altered[i] ^= 0x01;
            assertRefused(Reason.INVALID_TOKEN, () -> tokens.redeem(encode(altered), g -> g));
        }
        byte[] cut = new byte[token.length - 1];
        System.arraycopy(token, 0, cut, 0, cut.length);
        assertRefused(Reason.INVALID_TOKEN, () -> tokens.redeem(encode(cut), g -> g));
        for (String junk : new String[] {null, "", "not a token!", "AQ", encode(new byte[80])}) {
            assertRefused(Reason.INVALID_TOKEN, () -> tokens.redeem(junk, g -> g));
        }
    }

    /** The cipher alone would let one who guesses the plaintext rewrite it; the MAC stops that. */
    @Test
    void aTokenRewrittenForAnotherTenantIsRefused() {
        String token = pairToken(60);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        String claims = new TokenCodec(keys).open(token).toString();
        int at = 1 + 16 + claims.indexOf("\"acme\"") + 1;
        byte[] from = "acme".getBytes(StandardCharsets.US_ASCII);
        byte[] to = "evil".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < from.length; i++) {
            bytes[at + i] ^= (byte) (from[i] ^ to[i]);
        }
        assertRefused(Reason.INVALID_TOKEN, () -> tokens.redeem(encode(bytes), g -> g));
    }

    @Test
    void aTokenOfAnotherKeyIsRefused() {
        String foreign = service(new ButtonKeys(bytes(32, 8))).mint("acme", ButtonScope.pair(MERCHANT, CUSTOMER), null,
                Duration.ofSeconds(60)).token();
        assertRefused(Reason.INVALID_TOKEN, () -> tokens.redeem(foreign, g -> g));
    }

    @Test
    void theTimeToLiveIsCapped() {
        ButtonScope scope = ButtonScope.pair(MERCHANT, CUSTOMER);
        assertRefused(Reason.INVALID_REQUEST, () -> tokens.mint("acme", scope, null, Duration.ofMillis(999)));
        assertRefused(Reason.INVALID_REQUEST, () -> tokens.mint("acme", scope, null, MAX_TTL.plusSeconds(1)));
        assertEquals(clock.instant().plus(MAX_TTL), tokens.mint("acme", scope, null, MAX_TTL).expiresAt());
    }

    @Test
    void aBindingTokenCallsItsAAndBShowingX() {
        Binding binding = bindings.bind(new BindingRequest("acme", BindingMode.AXB, MERCHANT, CUSTOMER, 3600, null, null, "o-1", null));
        String token = tokens.mint("acme", ButtonScope.binding(binding.id()), null, Duration.ofSeconds(60)).token();

        CallbackRequest request = tokens.redeem(token, grant -> GrantCallbacks.request(grant, bindings, clock.instant()));
        assertEquals(MERCHANT, request.from());
        assertEquals(CUSTOMER, request.to());
        assertEquals(X, request.display());
        assertEquals("acme", request.tenantId());
    }

    @Test
    void aTenantCannotScopeATokenToAnotherTenantsBinding() {
        Binding binding = bindings.bind(new BindingRequest("acme", BindingMode.AXB, MERCHANT, CUSTOMER, 3600, null, null, "o-1", null));
        assertRefused(Reason.NOT_FOUND,
                () -> tokens.mint("globex", ButtonScope.binding(binding.id()), null, Duration.ofSeconds(60)));
    }

    @Test
    void aPairTokenPlacesItsCallbackForItsTenant() {
        CallbackRequest request = tokens.redeem(pairToken(60), g -> GrantCallbacks.request(g, bindings, clock.instant()));
        assertEquals(MERCHANT, request.from());
        assertEquals(CUSTOMER, request.to());
        assertNull(request.display());
        assertEquals("acme", request.tenantId());
    }

    @Test
    void aBindingTokenNeedsAnActiveBindingWithAB() {
        Binding binding = bindings.bind(new BindingRequest("acme", BindingMode.AXB, MERCHANT, CUSTOMER, 3600, null, null, "o-1", null));
        ButtonScope scope = ButtonScope.binding(binding.id());
        assertRefused(Reason.INVALID_REQUEST, () -> tokens.mint("acme", scope, X, Duration.ofSeconds(60)));
        String token = tokens.mint("acme", scope, null, Duration.ofSeconds(60)).token();
        bindings.delete(binding.id());

        assertRefused(Reason.NOT_FOUND, () -> tokens.redeem(token, g -> GrantCallbacks.request(g, bindings, clock.instant())));
        assertRefused(Reason.NOT_FOUND, () -> tokens.mint("acme", scope, null, Duration.ofSeconds(60)));
        Binding axn = bindings.bind(new BindingRequest("acme", BindingMode.AXN, MERCHANT, null, 3600, null, null, "o-2", null));
        assertRefused(Reason.INVALID_REQUEST,
                () -> tokens.mint("acme", ButtonScope.binding(axn.id()), null, Duration.ofSeconds(60)));
    }

    private String pairToken(int ttlSeconds) {
        return tokens.mint("acme", ButtonScope.pair(MERCHANT, CUSTOMER), null, Duration.ofSeconds(ttlSeconds)).token();
    }

    private ButtonTokenService service(ButtonKeys serviceKeys) {
        try {
            return new ButtonTokenService(new TokenCodec(serviceKeys), new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32])), bindings,
                    clock, MAX_TTL);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Reason reason, Executable call) {
        assertEquals(reason, assertThrows(ButtonTokenException.class, call).reason());
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private JdbcBindingStore bindingStore() {
        try {
            JdbcBindingStore store = new JdbcBindingStore(dataSource, new KeyedRecordVault(new byte[32]));
            store.addNumber(new PoolNumber(X, "acme", "0571", "s1", Instant.parse("2026-01-01T00:00:00Z")));
            store.addNumber(new PoolNumber(PhoneNumber.ofE164("+8657188880002"), "acme", "0571", "s1",
                    Instant.parse("2026-01-01T00:00:00Z")));
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binding events go nowhere here: these tests are about tokens. */
    private static final class NoEvents implements EventAdmin {
        @Override
        public void postEvent(Event event) {
            // not followed here
        }

        @Override
        public void sendEvent(Event event) {
            // not followed here
        }
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

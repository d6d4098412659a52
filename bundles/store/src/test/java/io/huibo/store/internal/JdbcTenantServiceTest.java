package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.huibo.api.ApiKey;
import io.huibo.api.Issued;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantException;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcTenantServiceTest {
    private static final int CACHE_SIZE = 100;
    private static final byte[] MESSAGE = "GET\n/api/v1/numbers\n1\nnonce-123\nabc".getBytes(StandardCharsets.UTF_8);

    private DataSource dataSource;
    private JdbcTenantService tenants;
    private Path keyFile;

    @BeforeEach
    void freshDatabase() throws Exception {
        dataSource = TestDatabase.create();
        keyFile = Path.of("target", UUID.randomUUID() + "-master.key");
        tenants = new JdbcTenantService(dataSource, MasterKey.fromFile(keyFile), Clock.systemUTC(), CACHE_SIZE);
    }

    @Test
    void theDefaultTenantExistsFromTheStart() {
        assertEquals(Tenant.DEFAULT, tenants.tenants().get(0).id());
        assertTrue(tenants.tenant(Tenant.DEFAULT).orElseThrow().isActive());
    }

    @Test
    void aKeyVerifiesOnlyItsOwnSignatureUntilRevoked() {
        tenants.createTenant("acme", "Acme KTV", "cn", "https://erp.example/hooks");
        Issued<ApiKey> key = tenants.createKey("acme", EnumSet.of(Right.CALLS));
        byte[] signature = JdbcTenantService.hmac(key.secret(), MESSAGE);

        assertEquals(key.value(), tenants.verify(key.value().id(), MESSAGE, signature).orElseThrow());
        assertTrue(tenants.verify(key.value().id(), "other".getBytes(StandardCharsets.UTF_8), signature).isEmpty());
        assertTrue(tenants.verify("k_unknown", MESSAGE, signature).isEmpty());
        assertTrue(tenants.revokeKey(key.value().id()));
        assertFalse(tenants.revokeKey(key.value().id()), "revoked already");
        assertTrue(tenants.verify(key.value().id(), MESSAGE, signature).isEmpty());
        assertFalse(tenants.keys("acme").get(0).isActive(), "revoked keys stay listed");
    }

    @Test
    void revokingATenantEndsAllItsKeys() {
        tenants.createTenant("acme", null, "CN", null);
        Issued<ApiKey> key = tenants.createKey("acme", EnumSet.of(Right.ADMIN));
        assertTrue(tenants.revokeTenant("acme"));
        assertTrue(tenants.verify(key.value().id(), MESSAGE, JdbcTenantService.hmac(key.secret(), MESSAGE)).isEmpty());
        assertThrows(TenantException.class, () -> tenants.createKey("acme", EnumSet.of(Right.CALLS)));
    }

    @Test
    void secretsAreSealedInTheDatabaseAndOpenOnlyUnderTheMasterKey() throws Exception {
        Issued<Tenant> acme = tenants.createTenant("acme", null, "CN", null);
        Issued<ApiKey> key = tenants.createKey("acme", EnumSet.of(Right.CALLS));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT k.secret, t.webhook_secret FROM huibo_api_key k"
                        + " JOIN huibo_tenant t ON t.id = k.tenant_id")) {
            assertTrue(rs.next());
            assertFalse(rs.getString(1).contains(key.secret()));
            assertFalse(rs.getString(2).contains(acme.secret()));
        }
        String webhookSignature = tenants.signWebhook("acme", MESSAGE);
        assertEquals(java.util.Base64.getEncoder().encodeToString(JdbcTenantService.hmac(acme.secret(), MESSAGE)),
                webhookSignature);

        JdbcTenantService reopened = new JdbcTenantService(dataSource, MasterKey.fromFile(keyFile), Clock.systemUTC(), CACHE_SIZE);
        assertTrue(reopened.verify(key.value().id(), MESSAGE, JdbcTenantService.hmac(key.secret(), MESSAGE)).isPresent(),
                "the same master key opens the secrets after a restart");
        Files.delete(keyFile);
        JdbcTenantService otherKey = new JdbcTenantService(dataSource, MasterKey.fromFile(keyFile), Clock.systemUTC(), CACHE_SIZE);
        assertThrows(IllegalStateException.class,
                () -> otherKey.verify(key.value().id(), MESSAGE, JdbcTenantService.hmac(key.secret(), MESSAGE)));
    }

    @Test
    void aConfiguredKeyIsPutWithItsGivenSecretAndReplacedWhenTheFileChanges() {
        tenants.putKey("erp", "erp-main", "a-long-enough-secret", Set.of(Right.CALLS));
        assertTrue(tenants.tenant("erp").isPresent(), "the tenant is made for it");
        assertTrue(tenants.verify("erp-main", MESSAGE, JdbcTenantService.hmac("a-long-enough-secret", MESSAGE)).isPresent());
        tenants.putKey("erp", "erp-main", "another-long-secret", Set.of(Right.CALLS, Right.REVEAL));
        assertTrue(tenants.verify("erp-main", MESSAGE, JdbcTenantService.hmac("a-long-enough-secret", MESSAGE)).isEmpty());
        assertTrue(tenants.verify("erp-main", MESSAGE, JdbcTenantService.hmac("another-long-secret", MESSAGE))
                .orElseThrow().may(Right.REVEAL));
    }

    @Test
    void aRevokedConfiguredKeyStaysRevokedWhenEtcDeclaresItAgain() throws Exception {
        tenants.putKey("erp", "erp-main", "a-long-enough-secret", Set.of(Right.CALLS));
        assertTrue(tenants.revokeKey("erp-main"));

        // a restart: a new service over the same database, and etc/ read again
        JdbcTenantService restarted = new JdbcTenantService(dataSource, MasterKey.fromFile(keyFile), Clock.systemUTC(), CACHE_SIZE);
        assertReason(TenantException.Reason.CONFLICT,
                () -> restarted.putKey("erp", "erp-main", "a-long-enough-secret", Set.of(Right.CALLS)));
        assertReason(TenantException.Reason.CONFLICT,
                () -> restarted.putKey("erp", "erp-main", "another-long-secret", Set.of(Right.CALLS, Right.ADMIN)));
        assertTrue(restarted.verify("erp-main", MESSAGE, JdbcTenantService.hmac("a-long-enough-secret", MESSAGE)).isEmpty());
        assertTrue(restarted.verify("erp-main", MESSAGE, JdbcTenantService.hmac("another-long-secret", MESSAGE)).isEmpty());
        ApiKey listed = restarted.keys("erp").get(0);
        assertFalse(listed.isActive(), "still revoked");
        assertEquals(Set.of(Right.CALLS), listed.rights(), "and unchanged");
    }

    @Test
    void unknownKeyIdsAreNotKeptAndKnownOnesAtMostTheCacheSize() throws Exception {
        for (int i = 0; i < 1000; i++) {
            assertTrue(tenants.verify("k_unknown" + i, MESSAGE, new byte[32]).isEmpty());
        }
        assertEquals(0, keyCache(tenants).size(), "no miss is kept");

        tenants.createTenant("acme", null, "CN", null);
        for (int i = 0; i < CACHE_SIZE * 2; i++) {
            Issued<ApiKey> key = tenants.createKey("acme", EnumSet.of(Right.CALLS));
            assertTrue(tenants.verify(key.value().id(), MESSAGE, JdbcTenantService.hmac(key.secret(), MESSAGE)).isPresent());
        }
        assertTrue(keyCache(tenants).size() <= CACHE_SIZE, "at most " + CACHE_SIZE + ": " + keyCache(tenants).size());
    }

    private static ReadCache<?, ?> keyCache(JdbcTenantService tenants) throws ReflectiveOperationException {
        java.lang.reflect.Field field = JdbcTenantService.class.getDeclaredField("keyCache");
        field.setAccessible(true);
        return (ReadCache<?, ?>) field.get(tenants);
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        assertReason(TenantException.Reason.INVALID_REQUEST, () -> tenants.createTenant("bad id!", null, "CN", null));
        assertReason(TenantException.Reason.INVALID_REQUEST, () -> tenants.createTenant("acme", null, "China", null));
        assertReason(TenantException.Reason.CONFLICT, () -> tenants.createTenant(Tenant.DEFAULT, null, "CN", null));
        assertReason(TenantException.Reason.NOT_FOUND, () -> tenants.createKey("nobody", EnumSet.of(Right.CALLS)));
        assertReason(TenantException.Reason.INVALID_REQUEST, () -> tenants.createKey(Tenant.DEFAULT, EnumSet.noneOf(Right.class)));
        assertReason(TenantException.Reason.INVALID_REQUEST, () -> tenants.putKey("erp", "k1", "short", Set.of(Right.CALLS)));
        assertEquals(1, tenants.tenants().size());
        assertTrue(tenants.keys(Tenant.DEFAULT).isEmpty());
    }

    private static void assertReason(TenantException.Reason reason, Runnable refused) {
        assertEquals(reason, assertThrows(TenantException.class, refused::run).reason());
    }
}

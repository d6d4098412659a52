package io.huibo.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.huibo.api.ApiKey;
import io.huibo.api.Issued;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantException;
import io.huibo.api.TenantException.Reason;
import io.huibo.api.TenantService;
import io.huibo.api.WireName;

/**
 * Tenants and API keys in the {@code jdbc/huibo} DataSource (schema {@code V5__tenants.sql}),
 * their secrets sealed by a {@link SecretBox}. The {@code default} tenant, which owns what was
 * made before tenants existed, is made at activation.
 */
@Component(service = TenantService.class, configurationPid = "io.huibo.security")
@Designate(ocd = SecurityConfig.class)
public class JdbcTenantService implements TenantService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final int MIN_SECRET_CHARS = 16;
    private static final Duration CACHED = Duration.ofSeconds(5);
    private static final String TENANT_COLUMNS = "id, name, region, webhook_url, created_at, revoked_at";
    private static final String KEY_COLUMNS = "id, tenant_id, rights, created_at, revoked_at";

    private final Transactions tx;
    private final SecretBox box;
    private final Clock clock;
    /** What each API request reads: a change made on another node is seen within {@link #CACHED}. */
    private final ReadCache<String, Tenant> tenantCache;
    private final ReadCache<String, ActiveKey> keyCache;

    @Activate
    public JdbcTenantService(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            SecurityConfig config) throws SQLException, IOException {
        this(dataSource, MasterKey.of(config), Clock.systemUTC(), config.keyCacheSize());
    }

    JdbcTenantService(DataSource dataSource, byte[] masterKey, Clock clock, int cacheSize) throws SQLException {
        if (cacheSize < 1) {
            throw new IllegalArgumentException("keyCacheSize must be at least 1, not " + cacheSize);
        }
        this.tx = new Transactions(dataSource);
        this.box = new SecretBox(masterKey);
        this.clock = clock;
        this.tenantCache = new ReadCache<>(CACHED, cacheSize, clock);
        this.keyCache = new ReadCache<>(CACHED, cacheSize, clock);
        Migrations.apply(dataSource, new KeyedRecordVault(masterKey));
        if (tenant(Tenant.DEFAULT).isEmpty()) {
            try {
                createTenant(Tenant.DEFAULT, "Default tenant", "CN", null);
            } catch (TenantException raced) {
                // another component of this store made it at the same moment
            }
        }
    }

    @Override
    public Issued<Tenant> createTenant(String id, String name, String region, String webhookUrl) {
        requireId(id, "tenant id");
        String regionCode = region == null ? "" : region.toUpperCase(Locale.ROOT);
        if (!regionCode.matches("[A-Z]{2}")) {
            throw new TenantException(Reason.INVALID_REQUEST, "region must be an ISO 3166 code such as CN");
        }
        Tenant tenant = new Tenant(id, name == null || name.isBlank() ? id : name, regionCode, webhookUrl, now(), null);
        String secret = "whsec_" + randomToken();
        tx.run("create a tenant", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_tenant (" + TENANT_COLUMNS
                    + ", webhook_secret) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, tenant.id());
                p.setString(2, tenant.name());
                p.setString(3, tenant.region());
                p.setString(4, tenant.webhookUrl());
                p.setLong(5, tenant.createdAt().toEpochMilli());
                p.setNull(6, Types.BIGINT);
                p.setString(7, box.seal(secret));
                p.executeUpdate();
            } catch (SQLException e) {
                throw conflictOr(e, "tenant " + id + " exists already");
            }
            return null;
        });
        tenantCache.forget(id);
        return new Issued<>(tenant, secret);
    }

    @Override
    public Tenant updateTenant(String id, String name, String webhookUrl) {
        Tenant current = tenant(id).orElseThrow(() -> new TenantException(Reason.NOT_FOUND, "no tenant " + id));
        Tenant updated = new Tenant(id, name == null || name.isBlank() ? current.name() : name, current.region(), webhookUrl,
                current.createdAt(), current.revokedAt());
        tx.run("update a tenant", c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_tenant SET name = ?, webhook_url = ? WHERE id = ?")) {
                p.setString(1, updated.name());
                p.setString(2, updated.webhookUrl());
                p.setString(3, id);
                p.executeUpdate();
            }
            return null;
        });
        tenantCache.forget(id);
        return updated;
    }

    @Override
    public List<Tenant> tenants() {
        return tx.run("list tenants", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + TENANT_COLUMNS + " FROM huibo_tenant ORDER BY id")) {
                return tenants(p);
            }
        });
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return tenantCache.find(id, this::readTenant);
    }

    private Optional<Tenant> readTenant(String id) {
        return tx.run("read a tenant", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + TENANT_COLUMNS + " FROM huibo_tenant WHERE id = ?")) {
                p.setString(1, id);
                return tenants(p).stream().findFirst();
            }
        });
    }

    @Override
    public boolean revokeTenant(String id) {
        long at = now().toEpochMilli();
        boolean revoked = tx.run("revoke a tenant", c -> {
            try (PreparedStatement keys = c.prepareStatement(
                    "UPDATE huibo_api_key SET revoked_at = ? WHERE tenant_id = ? AND revoked_at IS NULL");
                    PreparedStatement tenant = c.prepareStatement(
                            "UPDATE huibo_tenant SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                keys.setLong(1, at);
                keys.setString(2, id);
                keys.executeUpdate();
                tenant.setLong(1, at);
                tenant.setString(2, id);
                return tenant.executeUpdate() == 1;
            }
        });
        tenantCache.forget(id);
        keyCache.clear(); // its keys with it
        return revoked;
    }

    @Override
    public Issued<ApiKey> createKey(String tenantId, Set<Right> rights) {
        if (tenant(tenantId).filter(Tenant::isActive).isEmpty()) {
            throw new TenantException(Reason.NOT_FOUND, "no active tenant " + tenantId);
        }
        String secret = randomToken();
        return new Issued<>(insertKey("k_" + randomId(), tenantId, secret, rights), secret);
    }

    @Override
    public ApiKey putKey(String tenantId, String keyId, String secret, Set<Right> rights) {
        requireId(keyId, "key id");
        if (secret == null || secret.length() < MIN_SECRET_CHARS) {
            throw new TenantException(Reason.INVALID_REQUEST, "a key's secret needs at least " + MIN_SECRET_CHARS + " characters");
        }
        if (tenant(tenantId).isEmpty()) {
            try {
                createTenant(tenantId, tenantId, "CN", null);
            } catch (TenantException raced) {
                // made meanwhile by another configured key of the same tenant
            }
        }
        ApiKey key = tx.run("replace a key", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_api_key WHERE id = ? AND revoked_at IS NULL")) {
                p.setString(1, keyId);
                if (p.executeUpdate() == 0 && isRevoked(c, keyId)) {
                    throw new TenantException(Reason.CONFLICT, "key " + keyId
                            + " was revoked and stays revoked; declare a new key id instead");
                }
            }
            return insertKey(c, keyId, tenantId, secret, rights);
        });
        keyCache.forget(keyId);
        return key;
    }

    /** Whether {@code keyId} was revoked: a revocation is final, whatever {@code etc/} declares. */
    private static boolean isRevoked(Connection c, String keyId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM huibo_api_key WHERE id = ? AND revoked_at IS NOT NULL")) {
            p.setString(1, keyId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public List<ApiKey> keys(String tenantId) {
        return tx.run("list keys", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + KEY_COLUMNS
                    + " FROM huibo_api_key WHERE tenant_id = ? ORDER BY created_at, id")) {
                p.setString(1, tenantId);
                List<ApiKey> keys = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        keys.add(key(rs));
                    }
                }
                return keys;
            }
        });
    }

    @Override
    public boolean revokeKey(String keyId) {
        boolean revoked = tx.run("revoke a key", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE huibo_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                p.setLong(1, now().toEpochMilli());
                p.setString(2, keyId);
                return p.executeUpdate() == 1;
            }
        });
        keyCache.forget(keyId);
        return revoked;
    }

    @Override
    public Optional<ApiKey> verify(String keyId, byte[] message, byte[] signature) {
        return keyCache.find(keyId, this::readKey)
                .filter(s -> MessageDigest.isEqual(hmac(s.secret(), message), signature)).map(ActiveKey::key);
    }

    /** An active key of an active tenant, with its secret opened. */
    private record ActiveKey(ApiKey key, String secret) {
    }

    private Optional<ActiveKey> readKey(String keyId) {
        record Stored(ApiKey key, String sealedSecret) {
        }
        Optional<Stored> stored = tx.run("read a key", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT k.id, k.tenant_id, k.rights, k.created_at,"
                    + " k.revoked_at, k.secret FROM huibo_api_key k JOIN huibo_tenant t ON t.id = k.tenant_id"
                    + " WHERE k.id = ? AND k.revoked_at IS NULL AND t.revoked_at IS NULL")) {
                p.setString(1, keyId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new Stored(key(rs), rs.getString(6))) : Optional.empty();
                }
            }
        });
        return stored.map(s -> new ActiveKey(s.key(), box.open(s.sealedSecret())));
    }

    @Override
    public String signWebhook(String tenantId, byte[] body) {
        String sealed = tx.run("read a webhook secret", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT webhook_secret FROM huibo_tenant WHERE id = ?")) {
                p.setString(1, tenantId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new TenantException(Reason.NOT_FOUND, "no tenant " + tenantId);
                    }
                    return rs.getString(1);
                }
            }
        });
        return Base64.getEncoder().encodeToString(hmac(box.open(sealed), body));
    }

    private ApiKey insertKey(String keyId, String tenantId, String secret, Set<Right> rights) {
        return tx.run("create a key", c -> insertKey(c, keyId, tenantId, secret, rights));
    }

    private ApiKey insertKey(Connection c, String keyId, String tenantId, String secret, Set<Right> rights)
            throws SQLException {
        if (rights.isEmpty()) {
            throw new TenantException(Reason.INVALID_REQUEST, "a key needs at least one right");
        }
        ApiKey key = new ApiKey(keyId, tenantId, rights, now(), null);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_api_key (" + KEY_COLUMNS
                + ", secret) VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, key.id());
            p.setString(2, key.tenantId());
            p.setString(3, key.rights().stream().map(Right::wireName).sorted().collect(Collectors.joining(",")));
            p.setLong(4, key.createdAt().toEpochMilli());
            p.setNull(5, Types.BIGINT);
            p.setString(6, box.seal(secret));
            p.executeUpdate();
        } catch (SQLException e) {
            throw conflictOr(e, "key " + keyId + " exists already");
        }
        return key;
    }

    /** HMAC-SHA256 keyed with the secret's UTF-8 bytes, as the API contract has clients sign. */
    static byte[] hmac(String secret, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static List<Tenant> tenants(PreparedStatement p) throws SQLException {
        List<Tenant> tenants = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                tenants.add(new Tenant(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Instant.ofEpochMilli(rs.getLong(5)), instant(rs, 6)));
            }
        }
        return tenants;
    }

    private static ApiKey key(ResultSet rs) throws SQLException {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        for (String right : rs.getString(3).split(",")) {
            rights.add(WireName.parse(Right.class, right));
        }
        return new ApiKey(rs.getString(1), rs.getString(2), rights, Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static void requireId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new TenantException(Reason.INVALID_REQUEST, what + " must be 1 to 40 letters, digits, - or _");
        }
    }

    private static RuntimeException conflictOr(SQLException e, String conflict) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return new TenantException(Reason.CONFLICT, conflict);
        }
        return new StoreException("the database refused a tenant change", e);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** 32 random bytes, URL-safe Base64: a secret. */
    private static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SecretBox.randomBytes(32));
    }

    /** 10 random bytes in lower-case hex: an id no one guesses. */
    private static String randomId() {
        StringBuilder id = new StringBuilder();
        for (byte b : SecretBox.randomBytes(10)) {
            id.append(String.format("%02x", b));
        }
        return id.toString();
    }
}

package io.huibo.store.internal;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.Binding;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingException;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.WireName;
import io.huibo.api.spi.BindingStore;
import io.huibo.api.vault.RecordVault;

/**
 * Pool numbers and bindings in the {@code jdbc/huibo} DataSource (schema {@code V2__bindings.sql}).
 * Every write to the bindings of one X first updates that X's pool row, so writers on one X take
 * turns under its row lock; a write that adds party rows to X (an allocation, a new B) then drops
 * the party rows of the bindings that have expired, which are the only ones it could collide
 * with: expiry needs no sweeper. A change or an end of one binding adds none, so it leaves them. The checks made under the lock answer the caller; the constraints of
 * the schema stand behind them, so a violation they catch is answered as "X cannot take it".
 * A and B are kept as {@link NumbersAtRest} says: the constraints hold on their keyed hashes.
 */
@Component(service = BindingStore.class)
public class JdbcBindingStore implements BindingStore {
    private static final String ANY_CALLER = NumbersAtRest.ANY_CALLER;
    private static final String BINDING_COLUMNS = "id, mode, x, a_sealed, b_sealed, direction, order_id, city, city_fallback,"
            + " created_at, expires_at, deleted_at, tenant_id";

    private static final Duration POOL_CACHED = Duration.ofSeconds(2);
    /** Tenants whose pools are kept at once; more are read again as they are needed. */
    private static final int POOLS_CACHED = 10_000;

    private final Transactions tx;
    private final RecordVault vault;
    /**
     * Each tenant's pool as allocation reads it, for {@link #POOL_CACHED}: this node's changes
     * drop it at once; a number another node added is offered once it expires.
     */
    private final ReadCache<String, List<Candidate>> pools = new ReadCache<>(POOL_CACHED, POOLS_CACHED, Clock.systemUTC());
    /** Allocations begun, which turns the order candidates are tried in. */
    private final AtomicInteger allocations = new AtomicInteger();

    @Activate
    public JdbcBindingStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        Migrations.apply(dataSource, vault);
        this.tx = new Transactions(dataSource);
        this.vault = vault;
    }

    @Override
    public PoolNumber addNumber(PoolNumber number) {
        PoolNumber stored = new PoolNumber(number.number(), number.tenantId(), number.city(), number.storeId(),
                millis(number.addedAt()));
        PoolNumber added = tx.run("add a pool number", c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_number (number, city, store_id, added_at,"
                    + " version, tenant_id) VALUES (?, ?, ?, ?, 0, ?)")) {
                p.setString(1, stored.number().e164());
                p.setString(2, stored.city());
                p.setString(3, stored.storeId());
                p.setLong(4, stored.addedAt().toEpochMilli());
                p.setString(5, stored.tenantId());
                p.executeUpdate();
                return stored;
            } catch (SQLException e) {
                if (Transactions.isConstraintViolation(e)) {
                    throw new BindingException(Reason.BIND_CONFLICT, "the number is in the pool already");
                }
                throw e;
            }
        });
        pools.forget(added.tenantId());
        return added;
    }

    @Override
    public List<PoolNumber> numbers(String tenantId) {
        return tx.run("list the pool", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT number, city, store_id, added_at FROM huibo_number WHERE tenant_id = ? ORDER BY number")) {
                p.setString(1, tenantId);
                List<PoolNumber> numbers = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        numbers.add(new PoolNumber(PhoneNumber.ofE164(rs.getString(1)), tenantId, rs.getString(2),
                                rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
                return numbers;
            }
        });
    }

    @Override
    public void removeNumber(String tenantId, PhoneNumber number, Instant now) {
        tx.run("remove a pool number", c -> {
            if (poolNumber(c, tenantId, number.e164()).isEmpty() || !lock(c, number.e164())) {
                throw new BindingException(Reason.NOT_FOUND, "the number is not in the tenant's pool");
            }
            dropExpired(c, number.e164(), now);
            if (partyRows(c, number.e164()) > 0) {
                throw new BindingException(Reason.NUMBER_IN_USE, "an active binding holds the number");
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_number WHERE number = ?")) {
                p.setString(1, number.e164());
                p.executeUpdate();
            }
            return null;
        });
        pools.forget(tenantId);
    }

    @Override
    public Binding allocate(String id, BindingRequest request, Instant now) {
        Instant at = millis(now);
        if (request.x() != null) {
            Candidate x = tx.run("read a pool number", c -> poolNumber(c, request.tenantId(), request.x().e164()))
                    .orElseThrow(() -> new BindingException(Reason.INVALID_REQUEST, "x is not a number of the tenant's pool"));
            return tryBind(id, request, x, at)
                    .orElseThrow(() -> new BindingException(Reason.BIND_CONFLICT,
                            "the requested x cannot take this binding: a party is bound on it already, or it is held alone"));
        }
        for (Candidate x : candidates(request.tenantId(), request.city())) {
            Optional<Binding> bound = tryBind(id, request, x, at);
            if (bound.isPresent()) {
                return bound.get();
            }
        }
        throw new BindingException(Reason.NO_AVAILABLE_NUMBER, "no number of the pool can take this binding now");
    }

    @Override
    public Optional<Binding> find(String id) {
        return tx.run("read a binding", c -> read(c, id));
    }

    @Override
    public List<Binding> findByOrder(String tenantId, String orderId) {
        return tx.run("read an order's bindings", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BINDING_COLUMNS
                    + " FROM huibo_binding WHERE tenant_id = ? AND order_id = ? ORDER BY created_at, id")) {
                p.setString(1, tenantId);
                p.setString(2, orderId);
                return bindings(p);
            }
        });
    }

    @Override
    public List<Binding> findActive(String tenantId, Instant now) {
        return tx.run("read a tenant's active bindings", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + BINDING_COLUMNS + " FROM huibo_binding"
                    + " WHERE tenant_id = ? AND deleted_at IS NULL AND expires_at > ? ORDER BY created_at, id")) {
                p.setString(1, tenantId);
                p.setLong(2, now.toEpochMilli());
                return bindings(p);
            }
        });
    }

    @Override
    public Binding update(String id, PhoneNumber b, Instant expiresAt, Direction direction, Instant now) {
        Instant at = millis(now);
        return tx.run("update a binding", c -> {
            Binding current = lockActive(c, id, at).orElseThrow(() -> notActive(id));
            if (current.mode() == BindingMode.AXN && direction != null && direction != Direction.BOTH) {
                throw new BindingException(Reason.INVALID_REQUEST, "an AXN binding routes every caller to a: its direction is both");
            }
            boolean newB = b != null && !b.equals(current.b());
            if (newB) {
                dropExpired(c, current.x().e164(), at);
                replaceB(c, current, b);
            }
            Binding changed = new Binding(id, current.tenantId(), current.mode(), current.x(), current.a(), newB ? b : current.b(),
                    direction == null ? current.direction() : direction, current.orderId(), current.city(),
                    current.cityFallback(), current.createdAt(), expiresAt == null ? current.expiresAt() : millis(expiresAt),
                    null);
            // B sealed and hashed anew only when it changed: sealing is the costly part of the row
            try (PreparedStatement p = c.prepareStatement(newB
                    ? "UPDATE huibo_binding SET direction = ?, expires_at = ?, b_sealed = ?, b_hash = ? WHERE id = ?"
                    : "UPDATE huibo_binding SET direction = ?, expires_at = ? WHERE id = ?")) {
                p.setString(1, changed.direction().wireName());
                p.setLong(2, changed.expiresAt().toEpochMilli());
                if (newB) {
                    p.setString(3, NumbersAtRest.sealed(vault, changed.b()));
                    p.setString(4, NumbersAtRest.hash(vault, changed.b()));
                }
                p.setString(newB ? 5 : 3, id);
                p.executeUpdate();
            }
            if (!changed.isActive(at)) {
                dropParties(c, id);
            } else if (!changed.expiresAt().equals(current.expiresAt())) {
                moveExpiry(c, id, changed.expiresAt());
            }
            return changed;
        });
    }

    @Override
    public boolean delete(String id, Instant now) {
        return end(id, now).isPresent();
    }

    @Override
    public Optional<Binding> end(String id, Instant now) {
        Instant at = millis(now);
        return tx.run("delete a binding", c -> {
            Optional<Binding> active = lockActive(c, id, at);
            if (active.isPresent()) {
                try (PreparedStatement p = c.prepareStatement("UPDATE huibo_binding SET deleted_at = ? WHERE id = ?")) {
                    p.setLong(1, at.toEpochMilli());
                    p.setString(2, id);
                    p.executeUpdate();
                }
                dropParties(c, id);
            }
            return active;
        });
    }

    @Override
    public Optional<Binding> activeFor(PhoneNumber x, PhoneNumber caller, Instant now) {
        return tx.run("route a call", c -> {
            // expiry is checked here too, so a binding stops routing at its expiry to the millisecond;
            // and only X's owner's bindings route, whatever the party rows say. The binding's own x
            // (its party rows' x) lets Derby read X's live bindings by index: without it, it read
            // every live binding for each call (2.8 ms a call with 400 of them)
            try (PreparedStatement p = c.prepareStatement("SELECT " + BINDING_COLUMNS + " FROM huibo_binding"
                    + " WHERE x = ? AND id IN (SELECT binding_id FROM huibo_binding_party WHERE x = ? AND party_hash IN (?, ?))"
                    + " AND deleted_at IS NULL AND expires_at > ?"
                    + " AND tenant_id = (SELECT tenant_id FROM huibo_number WHERE number = ?)")) {
                p.setString(1, x.e164());
                p.setString(2, x.e164());
                p.setString(3, vault.hash(caller.e164()));
                p.setString(4, ANY_CALLER);
                p.setLong(5, now.toEpochMilli());
                p.setString(6, x.e164());
                return bindings(p).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<String> ownerOf(PhoneNumber x) {
        return tx.run("read a number's tenant", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT tenant_id FROM huibo_number WHERE number = ?")) {
                p.setString(1, x.e164());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** A pool number to try, with its city. */
    private record Candidate(String number, String city) {
    }

    /**
     * The tenant's pool numbers, those of {@code city} first, each group in number order but
     * starting one further along at each allocation: concurrent allocations then try different
     * numbers instead of queueing on the first one's lock, and bindings spread over the pool. The
     * pool is read from {@link #pools}; {@link #tryBind} checks each number under its lock.
     */
    private List<Candidate> candidates(String tenantId, String city) {
        int turn = allocations.getAndIncrement() & Integer.MAX_VALUE;
        List<Candidate> all = pools.get(tenantId, this::pool);
        Map<Boolean, List<Candidate>> inCity = all.stream().collect(Collectors.partitioningBy(x -> city != null && city.equals(x.city())));
        List<Candidate> ordered = new ArrayList<>(all.size());
        ordered.addAll(rotated(inCity.get(true), turn));
        ordered.addAll(rotated(inCity.get(false), turn));
        return ordered;
    }

    /** The tenant's pool in number order, read without waiting for writers' locks on its rows. */
    private List<Candidate> pool(String tenantId) {
        return tx.readUncommitted("list the pool's numbers", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT number, city FROM huibo_number WHERE tenant_id = ? ORDER BY number")) {
                p.setString(1, tenantId);
                List<Candidate> candidates = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Candidate(rs.getString(1), rs.getString(2)));
                    }
                }
                return List.copyOf(candidates);
            }
        });
    }

    private static <T> List<T> rotated(List<T> list, int by) {
        List<T> copy = new ArrayList<>(list);
        if (!copy.isEmpty()) {
            Collections.rotate(copy, -(by % copy.size()));
        }
        return copy;
    }

    /** Binds on {@code x} in a transaction of its own, or changes nothing if X cannot take it. */
    private Optional<Binding> tryBind(String id, BindingRequest request, Candidate x, Instant now) {
        return tx.run("allocate a binding", c -> {
            if (!lockOwned(c, x.number(), request.tenantId())) {
                return Optional.empty(); // no longer in the tenant's pool since it was listed
            }
            dropExpired(c, x.number(), now);
            if (!canTake(c, x.number(), request)) {
                return Optional.empty();
            }
            Binding binding = new Binding(id, request.tenantId(), request.mode(), PhoneNumber.ofE164(x.number()), request.a(), request.b(),
                    request.direction(), request.orderId(), request.city(),
                    request.city() != null && !request.city().equals(x.city()), now,
                    now.plusSeconds(request.ttlSeconds()), null);
            try {
                insert(c, binding);
            } catch (SQLException e) {
                if (Transactions.isConstraintViolation(e)) {
                    c.rollback();
                    return Optional.empty();
                }
                throw e;
            }
            return Optional.of(binding);
        });
    }

    /**
     * Whether X, locked and rid of expired bindings, can take the request: a free X takes any
     * binding and is held in its mode; an X held in AXB takes another AXB whose numbers it does
     * not bind yet; an X held in AXN takes nothing.
     */
    private boolean canTake(Connection c, String x, BindingRequest request) throws SQLException {
        if (partyRows(c, x) == 0) {
            try (PreparedStatement p = c.prepareStatement("UPDATE huibo_number SET held_mode = ? WHERE number = ?")) {
                p.setString(1, request.mode().name());
                p.setString(2, x);
                p.executeUpdate();
            }
            return true;
        }
        if (request.mode() == BindingMode.AXN || !BindingMode.AXB.name().equals(heldMode(c, x))) {
            return false;
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM huibo_binding_party WHERE x = ? AND party_hash IN (?, ?)")) {
            p.setString(1, x);
            p.setString(2, vault.hash(request.a().e164()));
            p.setString(3, vault.hash(request.b().e164()));
            return count(p) == 0;
        }
    }

    private void insert(Connection c, Binding binding) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_binding (" + BINDING_COLUMNS
                + ", a_hash, b_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, binding.id());
            p.setString(2, binding.mode().name());
            p.setString(3, binding.x().e164());
            p.setString(4, NumbersAtRest.sealed(vault, binding.a()));
            p.setString(5, NumbersAtRest.sealed(vault, binding.b()));
            p.setString(6, binding.direction().wireName());
            p.setString(7, binding.orderId());
            p.setString(8, binding.city());
            p.setShort(9, (short) (binding.cityFallback() ? 1 : 0));
            p.setLong(10, binding.createdAt().toEpochMilli());
            p.setLong(11, binding.expiresAt().toEpochMilli());
            p.setNull(12, Types.BIGINT);
            p.setString(13, binding.tenantId());
            p.setString(14, NumbersAtRest.hash(vault, binding.a()));
            p.setString(15, NumbersAtRest.hash(vault, binding.b()));
            p.executeUpdate();
        }
        insertParty(c, binding, vault.hash(binding.a().e164()));
        insertParty(c, binding, binding.mode() == BindingMode.AXN ? ANY_CALLER : vault.hash(binding.b().e164()));
    }

    /** A party row of the binding: {@code party} is the number's hash, or {@link #ANY_CALLER}. */
    private static void insertParty(Connection c, Binding binding, String party) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO huibo_binding_party (x, party_hash, binding_id, x_mode, expires_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, binding.x().e164());
            p.setString(2, party);
            p.setString(3, binding.id());
            p.setString(4, binding.mode().name());
            p.setLong(5, binding.expiresAt().toEpochMilli());
            p.executeUpdate();
        }
    }

    /** Moves B's party row to the new number, refused if that number is bound on X already. */
    private void replaceB(Connection c, Binding current, PhoneNumber b) throws SQLException {
        if (current.mode() == BindingMode.AXN) {
            throw new BindingException(Reason.INVALID_REQUEST, "an AXN binding has no b");
        }
        if (b.equals(current.a())) {
            throw new BindingException(Reason.INVALID_REQUEST, "b must differ from a");
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE huibo_binding_party SET party_hash = ? WHERE x = ? AND party_hash = ? AND binding_id = ?")) {
            p.setString(1, vault.hash(b.e164()));
            p.setString(2, current.x().e164());
            p.setString(3, vault.hash(current.b().e164()));
            p.setString(4, current.id());
            p.executeUpdate();
        } catch (SQLException e) {
            if (Transactions.isConstraintViolation(e)) {
                throw new BindingException(Reason.BIND_CONFLICT, "the new b is in another active binding on this x");
            }
            throw e;
        }
    }

    /** {@link #lock}s X if it is in the tenant's pool. */
    private static boolean lockOwned(Connection c, String x, String tenantId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE huibo_number SET version = version + 1 WHERE number = ? AND tenant_id = ?")) {
            p.setString(1, x);
            p.setString(2, tenantId);
            return p.executeUpdate() == 1;
        }
    }

    /** Takes X's row lock till the end of the transaction. @return false if X is not in the pool */
    private static boolean lock(Connection c, String x) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE huibo_number SET version = version + 1 WHERE number = ?")) {
            p.setString(1, x);
            return p.executeUpdate() == 1;
        }
    }

    /** Frees X of the bindings whose expiry has passed; their records stay. */
    private static void dropExpired(Connection c, String x, Instant now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_binding_party WHERE x = ? AND expires_at <= ?")) {
            p.setString(1, x);
            p.setLong(2, now.toEpochMilli());
            p.executeUpdate();
        }
    }

    /** Keeps the party rows' copy of the binding's expiry, which {@link #dropExpired} reads. */
    private static void moveExpiry(Connection c, String bindingId, Instant expiresAt) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE huibo_binding_party SET expires_at = ? WHERE binding_id = ?")) {
            p.setLong(1, expiresAt.toEpochMilli());
            p.setString(2, bindingId);
            p.executeUpdate();
        }
    }

    private static void dropParties(Connection c, String bindingId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM huibo_binding_party WHERE binding_id = ?")) {
            p.setString(1, bindingId);
            p.executeUpdate();
        }
    }

    private static int partyRows(Connection c, String x) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM huibo_binding_party WHERE x = ?")) {
            p.setString(1, x);
            return count(p);
        }
    }

    private static String heldMode(Connection c, String x) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT held_mode FROM huibo_number WHERE number = ?")) {
            p.setString(1, x);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** X if it is in the tenant's pool. */
    private static Optional<Candidate> poolNumber(Connection c, String tenantId, String x) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT city FROM huibo_number WHERE number = ? AND tenant_id = ?")) {
            p.setString(1, x);
            p.setString(2, tenantId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(new Candidate(x, rs.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Takes the lock of the binding's X, which never changes, so it may be read before; then reads
     * the binding under it. Two statements, not one UPDATE … WHERE number = (SELECT x …): Derby
     * scans and locks the whole pool for that form. @return the binding, if it is active at {@code now}
     */
    private Optional<Binding> lockActive(Connection c, String id, Instant now) throws SQLException {
        String x;
        try (PreparedStatement p = c.prepareStatement("SELECT x FROM huibo_binding WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                x = rs.getString(1);
            }
        }
        lock(c, x);
        return read(c, id).filter(binding -> binding.isActive(now));
    }

    private static BindingException notActive(String id) {
        return new BindingException(Reason.NOT_FOUND, "no active binding " + id);
    }

    private Optional<Binding> read(Connection c, String id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + BINDING_COLUMNS + " FROM huibo_binding WHERE id = ?")) {
            p.setString(1, id);
            return bindings(p).stream().findFirst();
        }
    }

    private List<Binding> bindings(PreparedStatement p) throws SQLException {
        List<Binding> bindings = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long deleted = rs.getLong(12);
                Instant deletedAt = rs.wasNull() ? null : Instant.ofEpochMilli(deleted);
                bindings.add(new Binding(rs.getString(1), rs.getString(13), BindingMode.valueOf(rs.getString(2)),
                        PhoneNumber.ofE164(rs.getString(3)), NumbersAtRest.opened(vault, rs.getString(4)),
                        NumbersAtRest.opened(vault, rs.getString(5)), WireName.parse(Direction.class, rs.getString(6)),
                        rs.getString(7), rs.getString(8), rs.getShort(9) != 0, Instant.ofEpochMilli(rs.getLong(10)),
                        Instant.ofEpochMilli(rs.getLong(11)), deletedAt));
            }
        }
        return bindings;
    }

    private static int count(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}

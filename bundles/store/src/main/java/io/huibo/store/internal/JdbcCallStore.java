package io.huibo.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallPage;
import io.huibo.api.CallState;
import io.huibo.api.CallStore;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.WireName;
import io.huibo.api.spi.CallWriter;
import io.huibo.api.vault.RecordVault;

/**
 * Call records in the {@code jdbc/huibo} DataSource, which pax-jdbc-config makes from
 * {@code etc/org.ops4j.datasource-huibo.cfg}: Derby embedded by default, another database by
 * changing that file only. The schema is migrated on activation. The parties' numbers are kept
 * as {@link NumbersAtRest} says; the display number, a pool number, in clear.
 */
@Component(service = {CallStore.class, CallWriter.class})
public class JdbcCallStore implements CallStore, CallWriter {
    private static final String CALL_COLUMNS = "id, tenant_id, kind, binding_id, state, from_sealed, to_sealed,"
            + " display_number, user_data, status_callback_url, created_at, bridged_at, ended_at, outcome, hangup_by";
    private final DataSource dataSource;
    private final Transactions tx;
    private final RecordVault vault;

    @Activate
    public JdbcCallStore(@Reference(target = "(osgi.jndi.service.name=jdbc/huibo)") DataSource dataSource,
            @Reference RecordVault vault) throws SQLException {
        this.dataSource = dataSource;
        this.tx = new Transactions(dataSource);
        this.vault = vault;
        Migrations.apply(dataSource, vault);
    }

    @Override
    public void save(Call call) {
        saveAll(List.of(call));
    }

    @Override
    public void saveAll(Collection<Call> calls) {
        tx.run("store " + calls.size() + " call records", c -> {
            for (Call call : calls) {
                if (updateCall(c, call) == 0) {
                    insertCall(c, call);
                }
                for (Leg leg : call.legs()) {
                    if (updateLeg(c, call.id(), leg) == 0) {
                        insertLeg(c, call.id(), leg);
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Call> find(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + CALL_COLUMNS + " FROM huibo_call WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(call(c, rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read call " + id, e);
        }
    }

    @Override
    public CallPage list(String tenantId, Instant since, Instant until, int limit, String cursor) {
        CallCursor after = cursor == null ? null : CallCursor.parse(cursor);
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + CALL_COLUMNS + " FROM huibo_call"
                        + " WHERE tenant_id = ? AND created_at >= ? AND created_at < ?"
                        + " AND (created_at < ? OR (created_at = ? AND id < ?))"
                        + " ORDER BY created_at DESC, id DESC")) {
            p.setMaxRows(limit + 1);
            p.setString(1, tenantId);
            p.setLong(2, since == null ? Long.MIN_VALUE : since.toEpochMilli());
            p.setLong(3, until == null ? Long.MAX_VALUE : until.toEpochMilli());
            p.setLong(4, after == null ? Long.MAX_VALUE : after.createdAt());
            p.setLong(5, after == null ? Long.MAX_VALUE : after.createdAt());
            p.setString(6, after == null ? "" : after.id());
            List<Call> items = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    items.add(call(c, rs));
                }
            }
            if (items.size() <= limit) {
                return new CallPage(items, null);
            }
            Call last = items.get(limit - 1);
            return new CallPage(items.subList(0, limit), new CallCursor(last.createdAt(), last.id()).format());
        } catch (SQLException e) {
            throw new StoreException("could not list calls", e);
        }
    }

    @Override
    public int countSince(String tenantId, PhoneNumber from, PhoneNumber to, Instant since) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM huibo_call WHERE from_hash = ?"
                        + " AND to_hash = ? AND created_at >= ? AND tenant_id = ?"
                        + " AND (outcome IS NULL OR outcome <> 'blocked')")) {
            p.setString(1, vault.hash(from.e164()));
            p.setString(2, vault.hash(to.e164()));
            p.setLong(3, since.toEpochMilli());
            p.setString(4, tenantId);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StoreException("could not count calls", e);
        }
    }

    @Override
    public List<Call> closeUnfinished(Instant now) {
        String open = "SELECT id FROM huibo_call WHERE state <> 'ended'";
        List<String> ids = tx.run("close unfinished calls", c -> {
            List<String> unfinished = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(open); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    unfinished.add(rs.getString(1));
                }
            }
            try (PreparedStatement legs = c.prepareStatement("UPDATE huibo_call_leg SET ended_at = ?,"
                    + " state = CASE WHEN state = 'answered' THEN 'ended' ELSE 'failed' END"
                    + " WHERE state IN ('invited', 'ringing', 'answered') AND call_id IN (" + open + ")");
                    PreparedStatement calls = c.prepareStatement("UPDATE huibo_call SET state = 'ended',"
                            + " outcome = 'failed', hangup_by = 'system', ended_at = ? WHERE state <> 'ended'")) {
                legs.setLong(1, now.toEpochMilli());
                legs.executeUpdate();
                calls.setLong(1, now.toEpochMilli());
                calls.executeUpdate();
            }
            return unfinished;
        });
        List<Call> closed = new ArrayList<>();
        for (String id : ids) {
            find(id).filter(call -> call.state() == CallState.ENDED).ifPresent(closed::add);
        }
        return closed;
    }

    /** The call at the result's row, read in the order of {@link #CALL_COLUMNS}. */
    private Call call(Connection c, ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        return new Call(id, rs.getString(2), WireName.parse(CallKind.class, rs.getString(3)), rs.getString(4),
                WireName.parse(CallState.class, rs.getString(5)), NumbersAtRest.opened(vault, rs.getString(6)),
                NumbersAtRest.opened(vault, rs.getString(7)), PhoneNumber.ofE164(rs.getString(8)), rs.getString(9),
                rs.getString(10), findLegs(c, id), instant(rs, 11), instant(rs, 12), instant(rs, 13),
                parseOrNull(Outcome.class, rs.getString(14)), parseOrNull(HangupBy.class, rs.getString(15)));
    }

    private static List<Leg> findLegs(Connection c, String callId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT party, state, invited_at, ringing_at, answered_at,"
                + " ended_at, sip_status FROM huibo_call_leg WHERE call_id = ? ORDER BY invited_at")) {
            p.setString(1, callId);
            List<Leg> legs = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    int status = rs.getInt(7);
                    Integer sipStatus = rs.wasNull() ? null : status;
                    legs.add(new Leg(WireName.parse(Party.class, rs.getString(1)),
                            WireName.parse(LegState.class, rs.getString(2)), instant(rs, 3), instant(rs, 4),
                            instant(rs, 5), instant(rs, 6), sipStatus));
                }
            }
            return legs;
        }
    }

    private static int updateCall(Connection c, Call call) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE huibo_call SET state = ?, bridged_at = ?, ended_at = ?,"
                + " outcome = ?, hangup_by = ? WHERE id = ?")) {
            p.setString(1, call.state().wireName());
            setInstant(p, 2, call.bridgedAt());
            setInstant(p, 3, call.endedAt());
            p.setString(4, wire(call.outcome()));
            p.setString(5, wire(call.hangupBy()));
            p.setString(6, call.id());
            return p.executeUpdate();
        }
    }

    private void insertCall(Connection c, Call call) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_call (id, kind, state, from_sealed, to_sealed,"
                + " display_number, user_data, created_at, bridged_at, ended_at, outcome, hangup_by, binding_id,"
                + " tenant_id, status_callback_url, from_hash, to_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, call.id());
            p.setString(2, call.kind().wireName());
            p.setString(3, call.state().wireName());
            p.setString(4, NumbersAtRest.sealed(vault, call.from()));
            p.setString(5, NumbersAtRest.sealed(vault, call.to()));
            p.setString(6, call.display().e164());
            p.setString(7, call.userData());
            setInstant(p, 8, call.createdAt());
            setInstant(p, 9, call.bridgedAt());
            setInstant(p, 10, call.endedAt());
            p.setString(11, wire(call.outcome()));
            p.setString(12, wire(call.hangupBy()));
            p.setString(13, call.bindingId());
            p.setString(14, call.tenantId());
            p.setString(15, call.statusCallbackUrl());
            p.setString(16, NumbersAtRest.hash(vault, call.from()));
            p.setString(17, NumbersAtRest.hash(vault, call.to()));
            p.executeUpdate();
        }
    }

    private static int updateLeg(Connection c, String callId, Leg leg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE huibo_call_leg SET state = ?, invited_at = ?,"
                + " ringing_at = ?, answered_at = ?, ended_at = ?, sip_status = ? WHERE call_id = ? AND party = ?")) {
            setLegColumns(p, leg);
            p.setString(7, callId);
            p.setString(8, leg.party().wireName());
            return p.executeUpdate();
        }
    }

    private static void insertLeg(Connection c, String callId, Leg leg) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO huibo_call_leg (state, invited_at, ringing_at,"
                + " answered_at, ended_at, sip_status, call_id, party) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            setLegColumns(p, leg);
            p.setString(7, callId);
            p.setString(8, leg.party().wireName());
            p.executeUpdate();
        }
    }

    private static void setLegColumns(PreparedStatement p, Leg leg) throws SQLException {
        p.setString(1, leg.state().wireName());
        setInstant(p, 2, leg.invitedAt());
        setInstant(p, 3, leg.ringingAt());
        setInstant(p, 4, leg.answeredAt());
        setInstant(p, 5, leg.endedAt());
        if (leg.sipStatus() == null) {
            p.setNull(6, Types.INTEGER);
        } else {
            p.setInt(6, leg.sipStatus());
        }
    }

    private static void setInstant(PreparedStatement p, int index, Instant instant) throws SQLException {
        if (instant == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, instant.toEpochMilli());
        }
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        long millis = rs.getLong(index);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static String wire(WireName value) {
        return value == null ? null : value.wireName();
    }

    private static <E extends Enum<E> & WireName> E parseOrNull(Class<E> type, String wire) {
        return wire == null ? null : WireName.parse(type, wire);
    }
}

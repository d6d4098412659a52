package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcNonceLedgerTest {
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() {
        dataSource = TestDatabase.create();
    }

    @Test
    void aNonceIsUsedOnceEvenAcrossARestart() throws Exception {
        assertTrue(new JdbcNonceLedger(dataSource, new KeyedRecordVault(new byte[32])).firstUse("ktv", "n-0000001", now, now.minusSeconds(600)));
        assertFalse(new JdbcNonceLedger(dataSource, new KeyedRecordVault(new byte[32])).firstUse("ktv", "n-0000001", now.plusSeconds(1), now.minusSeconds(599)));
    }

    @Test
    void eachVendorHasItsOwnNonces() throws Exception {
        JdbcNonceLedger ledger = new JdbcNonceLedger(dataSource, new KeyedRecordVault(new byte[32]));
        assertTrue(ledger.firstUse("ktv", "n-0000001", now, now.minusSeconds(600)));
        assertTrue(ledger.firstUse("restaurant", "n-0000001", now, now.minusSeconds(600)));
    }

    @Test
    void noncesPastTheWindowAreForgotten() throws Exception {
        assertTrue(new JdbcNonceLedger(dataSource, new KeyedRecordVault(new byte[32])).firstUse("ktv", "n-0000001", now, now.minusSeconds(600)));
        // a fresh ledger purges on its first use; the old request's timestamp is refused before this
        assertTrue(new JdbcNonceLedger(dataSource, new KeyedRecordVault(new byte[32])).firstUse("ktv", "n-0000001", now.plusSeconds(601), now.plusSeconds(1)));
    }
}

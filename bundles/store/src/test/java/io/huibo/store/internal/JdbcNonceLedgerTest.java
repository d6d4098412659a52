package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real Derby database on disk under target/. */
class JdbcNonceLedgerTest {
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private EmbeddedDataSource dataSource;

    @BeforeEach
    void freshDatabase() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(Path.of("target", "derby-" + UUID.randomUUID()).toString());
        dataSource.setCreateDatabase("create");
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

package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** API request nonces, against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcNonceStoreTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final DataSource dataSource = TestDatabase.create();

    @Test
    void aReplayedNonceIsRefusedEvenAcrossARestart() throws Exception {
        JdbcNonceStore nonces = new JdbcNonceStore(dataSource, VAULT);
        assertTrue(nonces.firstUse("k_1", "n-0000001", now, now.minusSeconds(300)));
        assertFalse(nonces.firstUse("k_1", "n-0000001", now.plusSeconds(1), now.minusSeconds(299)));
        assertFalse(new JdbcNonceStore(dataSource, VAULT).firstUse("k_1", "n-0000001", now.plusSeconds(2), now.minusSeconds(298)));
    }

    @Test
    void eachApiKeyHasItsOwnNonces() throws Exception {
        JdbcNonceStore nonces = new JdbcNonceStore(dataSource, VAULT);
        assertTrue(nonces.firstUse("k_1", "n-0000001", now, now.minusSeconds(300)));
        assertTrue(nonces.firstUse("k_2", "n-0000001", now, now.minusSeconds(300)));
    }

    @Test
    void noncesPastTheWindowAreForgotten() throws Exception {
        assertTrue(new JdbcNonceStore(dataSource, VAULT).firstUse("k_1", "n-0000001", now, now.minusSeconds(300)));
        // a fresh store purges on its first use; the old request's timestamp is refused before this
        assertTrue(new JdbcNonceStore(dataSource, VAULT).firstUse("k_1", "n-0000001", now.plusSeconds(301), now.plusSeconds(1)));
    }
}

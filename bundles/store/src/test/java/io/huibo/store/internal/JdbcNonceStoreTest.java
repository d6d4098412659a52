package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;

/** API request nonces, against a real Derby database on disk under target/. */
class JdbcNonceStoreTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final EmbeddedDataSource dataSource = JdbcBindingStoreTest.newDatabase();

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

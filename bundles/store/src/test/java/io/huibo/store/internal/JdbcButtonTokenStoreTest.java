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
class JdbcButtonTokenStoreTest {
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private DataSource dataSource;

    @BeforeEach
    void freshDatabase() {
        dataSource = TestDatabase.create();
    }

    @Test
    void aTokenIsSpentOnceEvenByAStoreStartedAfresh() throws Exception {
        assertTrue(new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32])).spend("t1", "default", now.plusSeconds(300), now));
        assertFalse(new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32])).spend("t1", "default", now.plusSeconds(300), now.plusSeconds(1)));
    }

    @Test
    void aTokenGivenBackCanBeSpentAgain() throws Exception {
        JdbcButtonTokenStore store = new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32]));
        store.spend("t1", "default", now.plusSeconds(300), now);
        store.giveBack("t1");
        assertTrue(store.spend("t1", "default", now.plusSeconds(300), now));
    }

    @Test
    void recordsOfExpiredTokensAreForgotten() throws Exception {
        JdbcButtonTokenStore store = new JdbcButtonTokenStore(dataSource, new KeyedRecordVault(new byte[32]));
        store.spend("t1", "default", now.plusSeconds(60), now);
        // past its expiry the record goes; the token itself is refused by its expiry before this
        assertTrue(store.spend("t1", "default", now.plusSeconds(60), now.plusSeconds(61)));
    }
}

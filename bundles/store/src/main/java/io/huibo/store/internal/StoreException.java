package io.huibo.store.internal;

import java.sql.SQLException;

/** The database failed; the operation changed nothing. */
final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreException(String message, SQLException cause) {
        super(message, cause);
    }
}

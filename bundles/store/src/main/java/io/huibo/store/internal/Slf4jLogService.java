package io.huibo.store.internal;

import java.util.logging.Level;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;

/**
 * Liquibase's log through slf4j, under its own class names. Its INFO (lock taken, changelog read,
 * on every start of every store component) goes to DEBUG; {@link Migrations} logs what ran.
 */
final class Slf4jLogService extends AbstractLogService {
    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    public liquibase.logging.Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz));
    }

    private static final class Slf4jLogger extends AbstractLogger {
        private final Logger log;

        Slf4jLogger(Logger log) {
            this.log = log;
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            if (level == Level.OFF) {
                return; // what Liquibase logs "at" OFF, such as its analytics being off, is not to be logged
            }
            if (level.intValue() >= Level.SEVERE.intValue()) {
                log.error(message, e);
            } else if (level.intValue() >= Level.WARNING.intValue()) {
                log.warn(message, e);
            } else {
                log.debug(message, e);
            }
        }
    }
}

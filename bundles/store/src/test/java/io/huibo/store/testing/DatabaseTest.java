package io.huibo.store.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose stores stand on {@link TestDatabase}: it runs on Derby in the build's usual
 * test run, and again on PostgreSQL in its postgresql run (the surefire execution of that id,
 * which selects this tag).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("database")
@ExtendWith(DatabaseTestExtension.class)
public @interface DatabaseTest {
}

package io.sluice.adapters.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a resource method. Every resource method of this module carries one;
 * {@link AccessFeature} refuses to start with a method that has none, so no route is open by
 * omission.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Access {

    Level value();

    /** The route family, for rate-limit metrics (write routes). */
    String family() default "";

    /**
     * The write key may also come in the body ({@code writeKey}, Segment's convention): without
     * a key in the headers, the filter leaves authentication to the resource, which reads it.
     */
    boolean keyInBody() default false;

    enum Level {
        /** Anyone: liveness and API documents. */
        PUBLIC,
        /** Ingestion: a write key, or anonymous when write keys are not required; rate-limited. */
        WRITE,
        /** Queries, stats, dead letters: always a read key. */
        READ,
        /** Operator actions (registering schemas): always an admin key, which is neither a write nor a read key. */
        ADMIN
    }
}

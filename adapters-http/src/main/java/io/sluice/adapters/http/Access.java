package io.sluice.adapters.http;

import io.sluice.application.port.in.RouteFamily;
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

    /** A write route's family (metrics, rate limits): exactly one on write routes, none on the others. */
    RouteFamily[] family() default {};

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
        /** Queries, stats, dead letters: always a read key (an admin key is one too). */
        READ,
        /**
         * The seeds' read routes ({@code GET /api/v1/metrics}): open wherever ingestion is open
         * (write keys not required), so the seeds' clients read what they wrote unmodified; a read
         * key where write keys are required.
         */
        SEED_READ,
        /** Operator actions that change what is stored (dead-letter replay): an admin key. */
        ADMIN
    }
}

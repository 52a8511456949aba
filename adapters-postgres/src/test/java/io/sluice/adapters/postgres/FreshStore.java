package io.sluice.adapters.postgres;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.domain.aggregate.AggregateKey;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.aggregate.Granularity;
import io.sluice.domain.event.EventType;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * A {@link PostgresStore} and the read adapters on a migrated database of its own on the shared server
 * ({@link PostgresFixture}), with the reads tests make to check what it wrote. Make one per test:
 * as a field of the test class it is, since JUnit creates a test instance per test method.
 */
final class FreshStore {

    private final Jdbi jdbi = PostgresFixture.newDatabase().jdbi();
    private final PostgresStore store = new PostgresStore(jdbi);

    Jdbi jdbi() {
        return jdbi;
    }

    PostgresStore store() {
        return store;
    }

    EventReads events() {
        return new EventReads(jdbi);
    }

    MetricReads metrics() {
        return new MetricReads(jdbi);
    }

    DeadLetterStore deadLetters() {
        return new DeadLetterStore(jdbi);
    }

    long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    /** The bucket of {@code type} starting at {@code bucket}, read through the store; fails the test when there is none. */
    AggregateTotals totals(Granularity granularity, Instant bucket, String type) {
        AggregateKey key = new AggregateKey(granularity, bucket, new EventType(type));
        return events().load(new AggregateQuery(granularity, new EventType(type), bucket, bucket.plusSeconds(1))).stream()
                .filter(t -> t.key().equals(key)).findFirst().orElseThrow(() -> new AssertionError("no bucket " + key));
    }
}

package io.sluice.adapters.postgres;

import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ConsumerPositions;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.PendingStore;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StreamName;
import java.time.Clock;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The consumer's side of Sluice's store on PostgreSQL: it writes raw events, incremental event and
 * metric aggregates, dead letters and consumer positions, in the schema {@link Migrations} creates,
 * and loads the positions the consumer resumes from. The read ports are implemented by
 * {@link EventReads}, {@link MetricReads} and {@link DeadLetterStore}, wired on the same {@link Jdbi}.
 *
 * <p>{@link #store} writes a whole consumer batch in one transaction with a fixed number of bulk
 * statements; a replayed batch changes nothing (events and samples are deduplicated by id, only
 * newly stored ones reach the aggregates, positions never move back). Failures surface as the
 * port's exceptions only: {@code StoreUnavailableException} when waiting may help,
 * {@code StoreRejectedException} when the database refused the data; either way nothing of the
 * batch was written.
 *
 * <p>Thread-safe: every call takes its own handle from the {@link Jdbi} (which should sit on a
 * connection pool in production) and keeps no state between calls.
 */
public final class PostgresStore implements StoreBatchPort, LoadConsumerPositionsPort, AutoCloseable {

    /** ~100 bytes each: about 20 MB of heap remembers the users of the recent buckets of a 10,000-user product. */
    private static final int COUNTED_USERS = 200_000;

    private final Jdbi jdbi;
    private final BatchWriter writer;
    private final OverlappedStore overlapped;

    /** A store on a migrated database; dead letters of isolated poison are dated by the system clock. */
    public PostgresStore(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** @param clock dates the dead letters this store creates itself (isolated poison) */
    public PostgresStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.writer = new BatchWriter(jdbi, Objects.requireNonNull(clock, "clock"), new CountedUsers(COUNTED_USERS));
        this.overlapped = new OverlappedStore(writer);
    }

    @Override
    public StoreReport store(StorableBatch batch) {
        return writer.store(batch);
    }

    /** Overlaps the two transactions on threads of this store's own ({@link OverlappedStore}). */
    @Override
    public PendingStore storeAfter(PendingStore previous, StorableBatch batch) {
        return overlapped.submit(previous, batch);
    }

    /** Stops the threads of {@link #storeAfter} once the batches pending ended; {@link #store} still works. */
    @Override
    public void close() {
        overlapped.close();
    }

    @Override
    public ConsumerPositions load(ConsumerGroup group, StreamName stream) {
        return StoreFailures.guard("load consumer positions", () -> jdbi.withHandle(handle -> new ConsumerPositions(stream,
                handle.createQuery("SELECT partition, next_position FROM consumer_positions"
                                + " WHERE consumer_group = :group AND stream = :stream ORDER BY partition")
                        .bind("group", group.value())
                        .bind("stream", stream.value())
                        .map((rs, ctx) -> new BufferPosition(stream, rs.getInt("partition"), new Offset(rs.getLong("next_position"))))
                        .list())));
    }
}

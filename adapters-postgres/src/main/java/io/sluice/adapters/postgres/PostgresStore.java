package io.sluice.adapters.postgres;

import io.sluice.application.port.in.AggregateQuery;
import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.ConsumerPositions;
import io.sluice.application.port.out.LoadAggregatesPort;
import io.sluice.application.port.out.LoadConsumerPositionsPort;
import io.sluice.application.port.out.LoadDeadLettersPort;
import io.sluice.application.port.out.LoadEventsPort;
import io.sluice.application.port.out.LoadMetricsPort;
import io.sluice.application.port.out.LoadStoreStatsPort;
import io.sluice.application.port.out.MarkDeadLettersReplayedPort;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.ClaimDeadLettersPort;
import io.sluice.application.port.out.ReplayCandidate;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreBatchPort;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StoreStats;
import io.sluice.application.port.out.StreamName;
import io.sluice.domain.aggregate.AggregateTotals;
import io.sluice.domain.event.EventId;
import io.sluice.domain.metric.MetricSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sluice's store on PostgreSQL: raw events, incremental event and metric aggregates, dead letters
 * and consumer positions, in the schema {@link Migrations} creates.
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
public final class PostgresStore implements ClaimDeadLettersPort, StoreBatchPort, LoadConsumerPositionsPort, LoadEventsPort, LoadAggregatesPort,
        LoadMetricsPort, LoadDeadLettersPort, MarkDeadLettersReplayedPort, LoadStoreStatsPort {

    /** ~100 bytes each: about 20 MB of heap remembers the users of the recent buckets of a 10,000-user product. */
    private static final int COUNTED_USERS = 200_000;

    private final Jdbi jdbi;
    private final BatchWriter writer;
    private final EventReads events;
    private final MetricReads metrics;
    private final DeadLetterStore deadLetters;

    /** A store on a migrated database; dead letters of isolated poison are dated by the system clock. */
    public PostgresStore(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /** @param clock dates the dead letters this store creates itself (isolated poison) */
    public PostgresStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.writer = new BatchWriter(jdbi, Objects.requireNonNull(clock, "clock"), new CountedUsers(COUNTED_USERS));
        this.events = new EventReads(jdbi);
        this.metrics = new MetricReads(jdbi);
        this.deadLetters = new DeadLetterStore(jdbi);
    }

    @Override
    public StoreReport store(StorableBatch batch) {
        return writer.store(batch);
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

    @Override
    public List<StoredEvent> find(EventQuery query) {
        return events.find(query);
    }

    @Override
    public Optional<StoredEvent> findById(EventId id) {
        return events.findById(id);
    }

    @Override
    public List<AggregateTotals> load(AggregateQuery query) {
        return events.aggregates(query);
    }

    @Override
    public List<StoredMetric> newest(int limit) {
        return metrics.newest(limit);
    }

    @Override
    public List<MetricSummary> summaries(MetricQuery query) {
        return metrics.summaries(query);
    }

    @Override
    public List<StoredDeadLetter> find(DeadLetterQuery query) {
        return deadLetters.find(query);
    }

    @Override
    public Optional<StoredDeadLetter> findById(long id) {
        return deadLetters.findById(id);
    }

    @Override
    public List<ReplayCandidate> replayCandidates(DeadLetterQuery query) {
        return deadLetters.replayCandidates(query);
    }

    @Override
    public Optional<ReplayCandidate> replayCandidate(long id) {
        return deadLetters.replayCandidate(id);
    }

    @Override
    public void markReplayed(Map<Long, String> eventIdsByDeadLetter, Instant at) {
        deadLetters.markReplayed(eventIdsByDeadLetter, at);
    }

    @Override
    public void replayPending(DeadLetterQuery query, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        deadLetters.replayPending(query, at, replay);
    }

    @Override
    public void replayPendingOne(long id, Instant at, java.util.function.Function<List<ReplayCandidate>, Map<Long, String>> replay) {
        deadLetters.replayPendingOne(id, at, replay);
    }

    @Override
    public StoreStats stats() {
        return events.stats();
    }
}

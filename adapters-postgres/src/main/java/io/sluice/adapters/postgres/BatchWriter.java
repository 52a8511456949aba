package io.sluice.adapters.postgres;

import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import io.sluice.domain.aggregate.AggregateDelta;
import io.sluice.domain.aggregate.EventAggregation;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricAggregation;
import io.sluice.domain.metric.MetricDelta;
import io.sluice.domain.metric.MetricSample;
import io.sluice.application.port.out.BufferedRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes a {@link StorableBatch} in one transaction with a fixed number of set-based statements
 * (arrays bound once and expanded by {@code unnest}), whatever the batch size: events, aggregate
 * deltas with their new users, samples, sample aggregates and sketch bins, dead letters, positions.
 * Each table's statement is its row writer's; this class orders them, and hands the records to
 * {@link PoisonIsolation} when the batch asks for it.
 * Thread-safe: each call runs on its own handle; concurrent batches touch shared aggregate rows in
 * a stable key order, which keeps deadlocks rare (and a deadlock is a retryable failure).
 */
final class BatchWriter {

    private final Jdbi jdbi;
    private final Clock clock;
    private final CountedUsers counted;
    private final DayPartitions partitions;
    private final EventRows events = new EventRows();
    private final EventAggregateRows eventAggregates;
    private final SampleRows samples = new SampleRows();
    private final MetricAggregateRows metricAggregates = new MetricAggregateRows();
    private final DeadLetterRows deadLetters = new DeadLetterRows();
    private final PositionRows positions = new PositionRows();

    BatchWriter(Jdbi jdbi, Clock clock, CountedUsers counted) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.counted = counted;
        this.partitions = new DayPartitions(jdbi, clock);
        this.eventAggregates = new EventAggregateRows(counted);
    }

    StoreReport store(StorableBatch batch) {
        partitions.ensureFor(batch);
        return store(batch, CommitOrder.ALONE);
    }

    /** Writes a batch whose partitions exist, meeting the previous batch's transaction where {@code order} says. */
    StoreReport store(StorableBatch batch, CommitOrder order) {
        List<CountedUsers.Row> sentUsers = new ArrayList<>();
        StoreReport report = StoreFailures.guard("store a batch", () -> jdbi.inTransaction(handle -> {
            sentUsers.clear();
            return write(handle.getConnection(), batch, order, sentUsers);
        }));
        counted.committed(sentUsers);
        return report;
    }

    DayPartitions partitions() {
        return partitions;
    }

    private StoreReport write(Connection connection, StorableBatch batch, CommitOrder order, List<CountedUsers.Row> sentUsers)
            throws SQLException {
        List<DeadLetter> poisonedEvents = new ArrayList<>();
        List<DeadLetter> poisonedSamples = new ArrayList<>();
        List<Event> storedEvents;
        List<MetricSample> storedSamples;
        if (batch.isolatePoison()) {
            order.previousCommitted();
            Instant now = clock.instant();
            storedEvents = PoisonIsolation.isolating(connection, batch.events(), this::writeEvents, sentUsers,
                    (event, refusal) -> PoisonIsolation.deadLetter(new BufferedRecord.EventRecord(event), event.source(),
                            event.id().value(), refusal, batch, now, batch.records().ofEvent(event.id())),
                    poisonedEvents);
            storedSamples = PoisonIsolation.isolating(connection, batch.samples(), (c, list, users) -> writeSamples(c, list), sentUsers,
                    (sample, refusal) -> PoisonIsolation.deadLetter(new BufferedRecord.MetricRecord(sample), EventSource.NATIVE, null,
                            refusal, batch, now, batch.records().ofSample(sample.id())),
                    poisonedSamples);
            order.claimed();
        } else {
            // Claims first: an overlapping next batch claims its ids only after these, so it can wait for
            // this transaction but never the other way round. Aggregates and positions last, once the batch
            // before this one committed: the rows they share are then touched by one transaction at a time.
            storedEvents = events.claim(connection, batch.events());
            storedSamples = samples.claim(connection, batch.samples());
            order.claimed();
            events.write(connection, storedEvents);
            samples.write(connection, storedSamples);
            order.previousCommitted();
            addEventAggregates(connection, storedEvents, sentUsers);
            addSampleAggregates(connection, storedSamples);
        }
        List<DeadLetter> letters = new ArrayList<>(batch.deadLetters().size() + poisonedEvents.size() + poisonedSamples.size());
        letters.addAll(batch.deadLetters());
        letters.addAll(poisonedEvents);
        letters.addAll(poisonedSamples);
        deadLetters.insert(connection, letters);
        positions.upsert(connection, batch.group(), batch.positions());
        int duplicates = batch.events().size() - storedEvents.size() - poisonedEvents.size();
        return new StoreReport(storedEvents.size(), duplicates, storedSamples.size(), letters.size());
    }

    /** Stores events and adds the newly stored ones to their aggregates; a data error refuses the whole list. */
    private List<Event> writeEvents(Connection connection, List<Event> list, List<CountedUsers.Row> sentUsers) throws SQLException {
        List<Event> stored = events.insert(connection, list);
        addEventAggregates(connection, stored, sentUsers);
        return stored;
    }

    private void addEventAggregates(Connection connection, List<Event> stored, List<CountedUsers.Row> sentUsers) throws SQLException {
        List<AggregateDelta> deltas = EventAggregation.deltasOf(stored);
        for (AggregateDelta delta : deltas) {
            AggregateSums.requireFinite(delta.durationSeconds(), "duration_seconds", delta.key().granularity().label(),
                    delta.key().bucketStart(), delta.key().type().value());
        }
        try {
            eventAggregates.upsert(connection, deltas, sentUsers);
        } catch (SQLException refused) {
            throw AggregateSums.named(refused, "duration_seconds");
        }
    }

    /** Stores samples and adds the newly stored ones to their aggregates; a data error refuses the whole list. */
    private List<MetricSample> writeSamples(Connection connection, List<MetricSample> list) throws SQLException {
        List<MetricSample> stored = samples.insert(connection, list);
        addSampleAggregates(connection, stored);
        return stored;
    }

    private void addSampleAggregates(Connection connection, List<MetricSample> stored) throws SQLException {
        List<MetricDelta> deltas = MetricAggregation.deltasOf(stored);
        for (MetricDelta delta : deltas) {
            AggregateSums.requireFinite(delta.sum(), "value", delta.key().window().label(), delta.key().bucketStart(),
                    delta.key().name().value());
        }
        try {
            metricAggregates.upsert(connection, deltas);
        } catch (SQLException refused) {
            throw AggregateSums.named(refused, "value");
        }
    }
}

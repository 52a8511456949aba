package io.sluice.application.port.out;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.util.List;
import java.util.Objects;

/**
 * Everything one consumer batch writes, in one transaction: events (deduplicated by id, counted
 * in the aggregates only when stored for the first time), metric samples, dead letters, and the
 * consumer positions after them. Immutable.
 *
 * @param group          the consumer group whose positions move
 * @param events         validated, enriched events, ids unique within the batch
 * @param samples        validated metric samples
 * @param deadLetters    records set aside
 * @param positions      the positions after this batch
 * @param isolatePoison  when true, records the store refuses are dead-lettered one by one
 *                       instead of failing the batch (the policy's last resort)
 * @param attempts       how many times this batch was tried, counting this one
 * @param records        the buffer record of each event and sample, for the keys of poison dead letters
 */
public record StorableBatch(
        ConsumerGroup group,
        List<Event> events,
        List<MetricSample> samples,
        List<DeadLetter> deadLetters,
        List<BufferPosition> positions,
        boolean isolatePoison,
        int attempts,
        RecordKeys records) {

    public StorableBatch {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(records, "records");
        events = List.copyOf(events);
        samples = List.copyOf(samples);
        deadLetters = List.copyOf(deadLetters);
        positions = List.copyOf(positions);
    }

    /** A batch whose records are not known ({@link RecordKeys#NONE}). */
    public StorableBatch(ConsumerGroup group, List<Event> events, List<MetricSample> samples, List<DeadLetter> deadLetters,
                         List<BufferPosition> positions, boolean isolatePoison, int attempts) {
        this(group, events, samples, deadLetters, positions, isolatePoison, attempts, RecordKeys.NONE);
    }

    public StorableBatch isolatingPoison(int attempt) {
        return new StorableBatch(group, events, samples, deadLetters, positions, true, attempt, records);
    }

    public StorableBatch attempt(int attempt) {
        return new StorableBatch(group, events, samples, deadLetters, positions, isolatePoison, attempt, records);
    }
}

package io.sluice.application.port.out;

import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where ingress and the consumer show what they do to people watching live (the console). A
 * view, not a delivery guarantee: an implementation may drop anything a slow watcher cannot take,
 * and must never block or throw, since it is called on the hot path, once per request and once
 * per stored batch, never per event. The lists passed in are not modified afterwards by the
 * caller, so an implementation may keep references to them. Implementations are thread-safe.
 */
public interface PublishLiveEventsPort {

    /** Publishes nothing: for nodes and tests without a live view. */
    PublishLiveEventsPort NONE = new PublishLiveEventsPort() {
        @Override
        public void appended(List<BufferedRecord> records, Instant at) {
        }

        @Override
        public void stored(List<Event> events, List<MetricSample> samples, List<DeadLetter> deadLetters, StoreReport report,
                           Instant at, Duration took, Duration storeTook) {
        }
    };

    /**
     * A request's items were appended to the buffer: accepted events and samples, and the items
     * refused at ingress, which travel on as dead letters with their reasons.
     *
     * @param records the request's records in request order
     * @param at      when the buffer acknowledged them
     */
    void appended(List<BufferedRecord> records, Instant at);

    /**
     * A consumer batch was committed to the store.
     *
     * @param events      the batch's events as handed to the store (duplicates of stored ids included)
     * @param samples     the batch's metric samples
     * @param deadLetters the dead letters the batch carried or the consumer created
     * @param report      what the store reports it changed; when it isolated records as poison,
     *                    {@code report.deadLettered()} exceeds {@code deadLetters.size()} and not
     *                    every event of {@code events} was stored
     * @param at          when the store committed the batch
     * @param took        from poll to commit, retries included (the consumer's batch time)
     * @param storeTook   the successful store call alone (the database's write time)
     */
    void stored(List<Event> events, List<MetricSample> samples, List<DeadLetter> deadLetters, StoreReport report, Instant at,
                Duration took, Duration storeTook);
}

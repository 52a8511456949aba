package io.sluice.domain.metric;

import java.time.Instant;

/**
 * A metric sample as sent, before validation; each field is the parsed JSON value or
 * {@code null}. Thread-safe as long as the parsed values are not mutated.
 *
 * @param id         the sample id if it has one (buffered samples do), else {@code null}
 * @param name       {@code name}
 * @param value      {@code value}
 * @param timestamp  {@code timestamp}
 * @param labels     {@code labels}
 * @param receivedAt when Sluice first accepted it, or {@code null} if this is that moment
 */
public record MetricDraft(Object id, Object name, Object value, Object timestamp, Object labels, Instant receivedAt) {

    /** The same draft claiming {@code newId}. */
    public MetricDraft withId(Object newId) {
        return new MetricDraft(newId, name, value, timestamp, labels, receivedAt);
    }

    /** The same draft as accepted again at {@code newReceivedAt} (a replay). */
    public MetricDraft withReceivedAt(Instant newReceivedAt) {
        return new MetricDraft(id, name, value, timestamp, labels, newReceivedAt);
    }
}

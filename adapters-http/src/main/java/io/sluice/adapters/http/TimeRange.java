package io.sluice.adapters.http;

import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The [from, to) range of an aggregate query. Without parameters: the last 24 hours, from the
 * bucket 24 hours ago up to the end of the bucket still open, so the open bucket is included.
 * With only {@code to}: the 24 hours before it. Immutable.
 */
record TimeRange(Instant from, Instant to) {

    static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    static TimeRange resolve(String fromParameter, String toParameter, Instant now, UnaryOperator<Instant> bucketOf, Duration bucket) {
        Instant from = QueryParameters.instant("from", fromParameter);
        Instant to = QueryParameters.instant("to", toParameter);
        if (to == null) {
            to = bucketOf.apply(now).plus(bucket);
            if (from != null && !from.isBefore(to)) {
                throw HttpProblem.invalidParameter("from", "must be before 'to' (by default the end of the current bucket, " + to + ")");
            }
        }
        if (from == null) {
            from = toParameter == null || toParameter.isEmpty() ? bucketOf.apply(now.minus(DEFAULT_SPAN)) : to.minus(DEFAULT_SPAN);
        }
        QueryParameters.ordered(from, to);
        return new TimeRange(from, to);
    }
}

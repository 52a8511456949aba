package io.sluice.adapters.postgres;

import io.sluice.domain.metric.MetricSample;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes metric samples to {@code metrics}, each id once: the batch's ids are claimed in
 * {@code sample_ids} first ({@link DedupeIds}), then the rows of the samples claimed are written.
 * Stateless and thread-safe; runs inside the caller's transaction.
 */
final class SampleRows {

    private static final String INSERT = """
            INSERT INTO metrics (sample_id, name, value, "timestamp", labels, received_at)
            SELECT s.sample_id, s.name, s.value, s.ts::timestamptz, s.labels::jsonb, s.received_at::timestamptz
            FROM unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS s(sample_id, name, value, ts, labels, received_at, ord)
            ORDER BY s.ord
            """;

    private final DedupeIds dedupe = new DedupeIds("sample_ids", "sample_id");

    /** @return the samples stored for the first time, in input order */
    List<MetricSample> insert(Connection connection, List<MetricSample> batch) throws SQLException {
        List<MetricSample> samples = claim(connection, batch);
        write(connection, samples);
        return samples;
    }

    /** Claims the ids; a concurrent claim of one of them waits for the other transaction. @return the samples new to the store, in input order */
    List<MetricSample> claim(Connection connection, List<MetricSample> batch) throws SQLException {
        return dedupe.claim(connection, batch, MetricSample::id, MetricSample::receivedAt);
    }

    /** Writes the rows of samples {@link #claim} returned, in the same transaction. */
    void write(Connection connection, List<MetricSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return;
        }
        int n = samples.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        Double[] values = new Double[n];
        String[] timestamps = new String[n];
        String[] labels = new String[n];
        String[] receivedAt = new String[n];
        for (int i = 0; i < n; i++) {
            MetricSample s = samples.get(i);
            ids[i] = s.id();
            names[i] = s.name().value();
            values[i] = s.value();
            timestamps[i] = TimestampText.of(s.timestamp());
            labels[i] = JsonCodec.write(s.labels().asMap());
            receivedAt[i] = TimestampText.of(s.receivedAt());
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, INSERT)) {
            statement.arrays("text", ids, names)
                    .arrays("float8", values)
                    .arrays("text", timestamps, labels, receivedAt)
                    .update();
        }
    }
}

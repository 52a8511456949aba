package io.sluice.adapters.postgres;

import io.sluice.domain.metric.MetricSample;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes metric samples to {@code metrics}, each id once: an id is new when no partition of
 * {@code sample_ids} holds it, and it is recorded there in the same statement. Stateless and
 * thread-safe; runs inside the caller's transaction.
 */
final class SampleRows {

    private static final String INSERT = """
            WITH s AS (
                SELECT DISTINCT ON (s.sample_id) s.*
                FROM unnest(?::text[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::text[])
                     WITH ORDINALITY AS s(sample_id, name, value, ts, labels, received_at, ord)
                WHERE NOT EXISTS (SELECT 1 FROM sample_ids x WHERE x.sample_id = s.sample_id)
                ORDER BY s.sample_id, s.ord
            ), fresh AS (
                INSERT INTO sample_ids (sample_id, first_received_at)
                SELECT sample_id, received_at::timestamptz FROM s ORDER BY sample_id
                ON CONFLICT DO NOTHING
                RETURNING sample_id
            )
            INSERT INTO metrics (sample_id, name, value, "timestamp", labels, received_at)
            SELECT s.sample_id, s.name, s.value, s.ts::timestamptz, s.labels::jsonb, s.received_at::timestamptz
            FROM s JOIN fresh USING (sample_id)
            ORDER BY s.ord
            RETURNING sample_id
            """;

    /** @return the samples stored for the first time, in input order */
    List<MetricSample> insert(Connection connection, List<MetricSample> samples) throws SQLException {
        if (samples.isEmpty()) {
            return List.of();
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
            return statement.arrays("text", ids, names)
                    .arrays("float8", values)
                    .arrays("text", timestamps, labels, receivedAt)
                    .written(samples, MetricSample::id);
        }
    }
}

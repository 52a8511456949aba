package io.sluice.adapters.postgres;

import io.sluice.domain.metric.MetricDelta;
import io.sluice.domain.metric.SketchBins;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds metric deltas to {@code metric_aggregates} (count, sum, min, max) and their sketch bins to
 * {@code metric_sketch_bins}, in one statement and a stable key order. Stateless and thread-safe;
 * runs inside the caller's transaction.
 */
final class MetricAggregateRows {

    private static final String UPSERT = """
            WITH aggregates AS (
                INSERT INTO metric_aggregates AS a (window_label, bucket_start, name, labels_key, labels, count, sum, min, max, updated_at)
                SELECT d.window_label, d.bucket::timestamptz, d.name, d.labels_key, d.labels::jsonb, d.count, d.sum, d.min, d.max, now()
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])
                     AS d(window_label, bucket, name, labels_key, labels, count, sum, min, max)
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (window_label, bucket_start, name, labels_key) DO UPDATE SET
                    count = a.count + excluded.count,
                    sum = a.sum + excluded.sum,
                    min = LEAST(a.min, excluded.min),
                    max = GREATEST(a.max, excluded.max),
                    updated_at = now()
                RETURNING 1
            )
            INSERT INTO metric_sketch_bins AS b (window_label, bucket_start, name, labels_key, sign, bin_index, count)
            SELECT x.window_label, x.bucket::timestamptz, x.name, x.labels_key, x.sign, x.bin_index, x.count
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int2[], ?::int4[], ?::int8[])
                 AS x(window_label, bucket, name, labels_key, sign, bin_index, count)
            ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (window_label, bucket_start, name, labels_key, sign, bin_index) DO UPDATE SET
                count = b.count + excluded.count
            """;

    void upsert(Connection connection, List<MetricDelta> deltas) throws SQLException {
        if (deltas.isEmpty()) {
            return;
        }
        List<MetricDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparing((MetricDelta d) -> d.key().window().label())
                .thenComparing(d -> d.key().bucketStart())
                .thenComparing(d -> d.key().name().value())
                .thenComparing(d -> d.key().labels().canonical()));
        int n = sorted.size();
        String[] windows = new String[n];
        String[] buckets = new String[n];
        String[] names = new String[n];
        String[] labelKeys = new String[n];
        String[] labels = new String[n];
        Long[] counts = new Long[n];
        Double[] sums = new Double[n];
        Double[] mins = new Double[n];
        Double[] maxes = new Double[n];
        List<String> binWindows = new ArrayList<>();
        List<String> binBuckets = new ArrayList<>();
        List<String> binNames = new ArrayList<>();
        List<String> binLabelKeys = new ArrayList<>();
        List<Short> binSigns = new ArrayList<>();
        List<Integer> binIndexes = new ArrayList<>();
        List<Long> binCounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            MetricDelta d = sorted.get(i);
            windows[i] = d.key().window().label();
            buckets[i] = TimestampText.of(d.key().bucketStart());
            names[i] = d.key().name().value();
            labelKeys[i] = d.key().labels().canonical();
            labels[i] = JsonCodec.write(d.key().labels().asMap());
            counts[i] = d.count();
            sums[i] = d.sum();
            mins[i] = d.min();
            maxes[i] = d.max();
            SketchBins bins = d.bins();
            Map<Short, Map<Integer, Long>> bySign = new LinkedHashMap<>();
            bySign.put(SketchRows.POSITIVE, bins.positive());
            bySign.put(SketchRows.NEGATIVE, bins.negative());
            bySign.put(SketchRows.ZERO, bins.zeros() == 0 ? Map.of() : Map.of(0, bins.zeros()));
            for (Map.Entry<Short, Map<Integer, Long>> sign : bySign.entrySet()) {
                for (Map.Entry<Integer, Long> bin : sign.getValue().entrySet()) {
                    binWindows.add(windows[i]);
                    binBuckets.add(buckets[i]);
                    binNames.add(names[i]);
                    binLabelKeys.add(labelKeys[i]);
                    binSigns.add(sign.getKey());
                    binIndexes.add(bin.getKey());
                    binCounts.add(bin.getValue());
                }
            }
        }
        try (ArrayStatement statement = ArrayStatement.prepare(connection, UPSERT)) {
            statement.arrays("text", windows, buckets, names, labelKeys, labels)
                    .arrays("int8", counts)
                    .arrays("float8", sums, mins, maxes)
                    .lists("text", binWindows, binBuckets, binNames, binLabelKeys)
                    .lists("int2", binSigns)
                    .lists("int4", binIndexes)
                    .lists("int8", binCounts)
                    .update();
        }
    }
}

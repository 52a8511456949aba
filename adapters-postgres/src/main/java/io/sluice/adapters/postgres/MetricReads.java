package io.sluice.adapters.postgres;

import io.sluice.application.port.out.LoadMetricsPort;
import io.sluice.application.port.in.MetricQuery;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import io.sluice.domain.metric.MetricSeriesKey;
import io.sluice.domain.metric.MetricSummary;
import io.sluice.domain.metric.MetricWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Reads metric samples and their aggregates; the 95th percentile is computed from the stored
 * sketch bins at query time by {@link MetricSummary#of}. Thread-safe.
 */
public final class MetricReads implements LoadMetricsPort {

    private final Jdbi jdbi;

    public MetricReads(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<StoredMetric> newest(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit is at least 1");
        }
        return StoreFailures.guard("list metrics", () -> jdbi.withHandle(handle -> handle.createQuery("""
                        SELECT id, coalesce(sample_id, 'm-' || id) AS sample_id, name, value, "timestamp",
                               coalesce(received_at, processed_at) AS received_at, labels::text AS labels
                        FROM metrics ORDER BY "timestamp" DESC, id DESC LIMIT :limit
                        """)
                .bind("limit", limit)
                .map(new StoredMetricMapper())
                .list()));
    }

    @Override
    public List<MetricSummary> summaries(MetricQuery query) {
        String filter = " WHERE window_label = :window AND bucket_start >= CAST(:from AS timestamptz)"
                + " AND bucket_start < CAST(:to AS timestamptz)" + (query.name() == null ? "" : " AND name = :name");
        return StoreFailures.guard("load metric summaries", () -> jdbi.inTransaction(handle -> {
            // Both reads in one snapshot, so the bins add up to the counts they are summarised with.
            handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Map<String, SketchRows> bins = new HashMap<>();
            Query binQuery = bind(handle.createQuery("SELECT bucket_start, name, labels_key, sign, bin_index, count"
                    + " FROM metric_sketch_bins" + filter), query);
            binQuery.map((rs, ctx) -> new BinRow(seriesId(rs), rs.getShort("sign"), rs.getInt("bin_index"), rs.getLong("count")))
                    .forEach(row -> bins.computeIfAbsent(row.series(), k -> new SketchRows()).add(row.sign(), row.index(), row.count()));
            Query aggregateQuery = bind(handle.createQuery("SELECT bucket_start, name, labels_key, labels::text AS labels,"
                    + " count, sum, min, max FROM metric_aggregates" + filter
                    + " ORDER BY bucket_start, name, labels_key"), query);
            List<MetricSummary> summaries = new ArrayList<>();
            aggregateQuery.map((rs, ctx) -> {
                MetricSeriesKey key = new MetricSeriesKey(query.window(), EventReads.instant(rs, "bucket_start"),
                        new MetricName(rs.getString("name")), labels(rs.getString("labels")));
                SketchRows rows = bins.getOrDefault(seriesId(rs), new SketchRows());
                return MetricSummary.of(key, rs.getLong("count"), rs.getDouble("sum"), rs.getDouble("min"), rs.getDouble("max"),
                        rows.bins());
            }).forEach(summaries::add);
            return summaries;
        }));
    }

    private static Query bind(Query q, MetricQuery query) {
        q.bind("window", query.window().label())
                .bind("from", TimestampText.of(query.from()))
                .bind("to", TimestampText.of(query.to()));
        if (query.name() != null) {
            q.bind("name", query.name().value());
        }
        return q;
    }

    private static String seriesId(ResultSet rs) throws SQLException {
        // NUL never occurs in PostgreSQL text, so it separates the parts unambiguously.
        return EventReads.instant(rs, "bucket_start") + "\u0000" + rs.getString("name") + "\u0000" + rs.getString("labels_key");
    }

    static MetricLabels labels(String json) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonCodec.readObject(json).forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return MetricLabels.of(labels);
    }

    private record BinRow(String series, short sign, int index, long count) {
    }

    /** Maps a {@code metrics} row to the sample it stored. */
    private static final class StoredMetricMapper implements RowMapper<StoredMetric> {
        @Override
        public StoredMetric map(ResultSet rs, StatementContext ctx) throws SQLException {
            Instant timestamp = EventReads.instant(rs, "timestamp");
            MetricSample sample = new MetricSample(rs.getString("sample_id"), new MetricName(rs.getString("name")),
                    rs.getDouble("value"), timestamp, EventReads.instant(rs, "received_at"), labels(rs.getString("labels")));
            return new StoredMetric(rs.getLong("id"), sample);
        }
    }
}

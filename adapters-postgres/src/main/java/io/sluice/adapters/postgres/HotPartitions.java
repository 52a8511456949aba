package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.RetainedData;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The hot store's partitioned tables and their partitions: a UTC day ({@code <parent>_pYYYYMMDD}),
 * or for the dedupe ids a UTC ISO week ({@code <parent>_wYYYYMMDD}, named after its Monday), and how
 * long partition DDL may wait: at most {@link #LOCK_TIMEOUT} for the consumer's locks, so a long
 * query delays maintenance (which retries on its next run) instead of stalling the consumer behind
 * a queued exclusive lock. Stateless and thread-safe.
 */
final class HotPartitions {

    static final String LOCK_TIMEOUT = "5s";
    static final List<String> ALL_TABLES = List.of("raw_events", "metrics", "minute_aggregations", "hourly_aggregations",
            "aggregation_users", "metric_aggregates", "metric_sketch_bins", "dead_letters", "pipeline_metrics",
            "event_ids", "sample_ids");
    /** Partitioned by week of first receipt: a claim probes every partition, so fewer and larger ones. */
    static final Set<String> WEEKLY = Set.of("event_ids", "sample_ids");
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    private HotPartitions() {
    }

    static String parent(ArchiveKind kind) {
        return kind == ArchiveKind.EVENTS ? "raw_events" : "metrics";
    }

    static List<String> tables(RetainedData data) {
        return switch (data) {
            case DEDUPE_IDS -> List.of("event_ids", "sample_ids");
            case LATE_WINDOW -> List.of("minute_aggregations", "aggregation_users");
            case AGGREGATES -> List.of("hourly_aggregations", "metric_aggregates", "metric_sketch_bins");
            case DEAD_LETTERS -> List.of("dead_letters");
            case PIPELINE_METRICS -> List.of("pipeline_metrics");
        };
    }

    /** The day after the last day of the partition of {@code parent} that starts on {@code first}. */
    static LocalDate end(String parent, LocalDate first) {
        return WEEKLY.contains(parent) ? first.plusWeeks(1) : first.plusDays(1);
    }

    /** The attached partitions of a parent, by their first day. */
    static Map<LocalDate, String> partitions(Handle handle, String parent) {
        Map<LocalDate, String> days = new TreeMap<>();
        handle.createQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = CAST(:parent AS regclass)""")
                .bind("parent", parent)
                .mapTo(String.class)
                .forEach(name -> {
                    String prefix = parent + (WEEKLY.contains(parent) ? "_w" : "_p");
                    if (name.startsWith(prefix) && name.length() == prefix.length() + 8) {
                        days.put(LocalDate.parse(name.substring(prefix.length()), SUFFIX), name);
                    }
                });
        return days;
    }

    /** Limits the lock waits of the DDL in {@code handle}'s current transaction. */
    static void limitLockWait(Handle handle) {
        handle.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
    }
}

package io.sluice.adapters.postgres;

import io.sluice.application.port.out.StorableBatch;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates the partitions a write needs before the write runs, in its own short transaction (days;
 * for the dedupe ids the database function makes it the week holding the day of first receipt):
 * late and historical rows (Segment's {@code /v1/import}, a replayed backlog) land in their own
 * day whenever it is. One round trip per batch; a partition is created only when missing (the
 * database function {@code sluice_ensure_day_partition} tolerates a concurrent creator).
 * Thread-safe.
 */
final class DayPartitions {

    private final Jdbi jdbi;
    private final Clock clock;
    /** "table/day" of every partition ensured so far: about ten per day of data this instance wrote. */
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    DayPartitions(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Every partition the batch's rows, aggregates, dedupe ids and dead letters go to. */
    void ensureFor(StorableBatch batch) {
        ensure(daysOf(batch));
    }

    /**
     * Whether this instance already ensured every partition of {@code days}. Only for deciding
     * whether a write may overlap another transaction (creating a partition takes locks that
     * transaction may hold); never for skipping {@link #ensure}: retention may have dropped them since.
     */
    boolean ensuredBefore(Map<String, Set<LocalDate>> days) {
        for (Map.Entry<String, Set<LocalDate>> table : days.entrySet()) {
            for (LocalDate day : table.getValue()) {
                if (!ensured.contains(table.getKey() + '/' + day)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The partitions, by table, that the batch's rows, aggregates, dedupe ids and dead letters go to. */
    Map<String, Set<LocalDate>> daysOf(StorableBatch batch) {
        Map<String, Set<LocalDate>> days = new TreeMap<>();
        LocalDate today = day(clock.instant());
        for (Event event : batch.events()) {
            LocalDate day = day(event.timestamp());
            add(days, day, "raw_events", "minute_aggregations", "hourly_aggregations", "aggregation_users");
            add(days, day(event.receivedAt()), "event_ids");
        }
        for (MetricSample sample : batch.samples()) {
            add(days, day(sample.timestamp()), "metrics", "metric_aggregates", "metric_sketch_bins");
            add(days, day(sample.receivedAt()), "sample_ids");
        }
        for (DeadLetter letter : batch.deadLetters()) {
            add(days, day(letter.failedAt()), "dead_letters");
        }
        if (batch.isolatePoison() || !batch.events().isEmpty() || !batch.samples().isEmpty()) {
            // isolated poison becomes a dead letter dated by the clock
            add(days, today, "dead_letters");
        }
        return days;
    }

    void ensure(String table, LocalDate day) {
        ensure(Map.of(table, Set.of(day)));
    }

    void ensure(Map<String, Set<LocalDate>> days) {
        if (days.isEmpty()) {
            return;
        }
        List<String> tables = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        days.forEach((table, set) -> set.forEach(day -> {
            tables.add(table);
            dates.add(day.toString());
        }));
        StoreFailures.guard("create day partitions", () -> jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT count(*) FILTER (WHERE sluice_ensure_day_partition(t, d)) FROM unnest(CAST(:tables AS text[]), CAST(:days AS date[])) AS x(t, d)")
                .bindArray("tables", String.class, tables)
                .bindArray("days", String.class, dates)
                .mapTo(Long.class).one()));
        days.forEach((table, set) -> set.forEach(day -> ensured.add(table + '/' + day)));
    }

    private static void add(Map<String, Set<LocalDate>> days, LocalDate day, String... tables) {
        for (String table : tables) {
            days.computeIfAbsent(table, t -> new TreeSet<>()).add(day);
        }
    }
}

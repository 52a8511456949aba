package io.sluice.bootstrap.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.archive.ObjectStorageArchive;
import io.sluice.adapters.archive.S3ProxyProcess;
import io.sluice.adapters.postgres.PartitionLifecycle;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.adapters.postgres.PostgresStore;
import io.sluice.application.fakes.MovableClock;
import io.sluice.application.port.in.MaintenanceReport;
import io.sluice.application.port.in.RestoreArchiveUseCase;
import io.sluice.application.port.in.StorageRetention;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.BufferPosition;
import io.sluice.application.port.out.ConsumerGroup;
import io.sluice.application.port.out.Offset;
import io.sluice.application.port.out.StorableBatch;
import io.sluice.application.port.out.StoreReport;
import io.sluice.application.port.out.StreamName;
import io.sluice.application.service.ArchivePace;
import io.sluice.application.service.Pause;
import io.sluice.application.service.StorageMaintenance;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventProperties;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.SessionId;
import io.sluice.domain.event.UserId;
import io.sluice.domain.metric.MetricLabels;
import io.sluice.domain.metric.MetricName;
import io.sluice.domain.metric.MetricSample;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 16's proof on real parts: ten days of events (historical timestamps, an injected clock)
 * stored through the consumer's store, maintained, archived to Parquet on a directory and on a
 * real S3 API server, dropped, deduplicated across days, a late event for an archived day, and a
 * restore that changes no aggregate.
 */
class StorageLifecycleTest {

    private static final LocalDate FIRST = LocalDate.parse("2026-03-01");
    private static final int DAYS = 10;
    private static final int PER_DAY = 48;
    private static final ConsumerGroup GROUP = new ConsumerGroup("sluice-consumers");

    @TempDir
    static Path shared;
    private static S3ProxyProcess s3proxy;

    private final AtomicLong position = new AtomicLong();
    private Jdbi jdbi;
    private PostgresStore store;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3ProxyProcess.start(S3ProxyProcess.jarOf("adapters-archive"), shared.resolve("s3"));
        s3proxy.createBucket("archive");
    }

    @AfterAll
    static void stopS3() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void tenDaysArchivedDroppedDeduplicatedAndRestored(String where, @TempDir Path dir) throws Exception {
        jdbi = PostgresFixture.newDatabase().jdbi();
        MovableClock clock = new MovableClock(FIRST.plusDays(DAYS).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusSeconds(3600));
        store = new PostgresStore(jdbi, clock);
        URI uri = where.equals("file") ? dir.resolve("archive").toUri() : URI.create("s3://archive/sluice-" + dir.getFileName());
        ObjectStorageArchive archive = ObjectStorageArchive.open(uri, where.equals("s3") ? s3proxy.endpoint() : null, dir.resolve("work"));
        // the shipped pace, in real time: a few dozen rows a day cost it a few milliseconds
        StorageMaintenance maintenance = new StorageMaintenance(new PartitionLifecycle(jdbi), archive, archive,
                StorageRetention.defaults(), new ArchivePace(20_000, System::nanoTime, Pause.SLEEP), clock);

        // Day 1 arrives as a historical import received yesterday; the other days were received as they happened.
        Instant importedAt = clock.instant().minus(Duration.ofHours(20));
        for (int d = 0; d < DAYS; d++) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < PER_DAY; i++) {
                Instant at = day(d).plusSeconds(i * 1800L + 7);
                events.add(event("e-" + d + "-" + i, i % 3 == 0 ? "purchase" : "page_view", "u" + (i % 5), at,
                        d == 0 ? importedAt : at.plusSeconds(1)));
            }
            List<MetricSample> samples = List.of(sample("s-" + d + "-a", day(d).plusSeconds(60), 1.5 * d),
                    sample("s-" + d + "-b", day(d).plusSeconds(7200), 2.5 * d));
            assertThat(store(events, samples).eventsStored()).isEqualTo(PER_DAY);
        }
        for (int d = 0; d < DAYS; d++) {
            assertThat(exists("raw_events_p" + compact(d))).as("partition of day " + d).isTrue();
        }
        List<Map<String, Object>> hourlyBefore = hourly();
        assertThat(hourlyTotal()).isEqualTo((long) DAYS * PER_DAY);

        MaintenanceReport first = maintenance.maintain();

        // today is day 10 (counting from 0), 7 days hot: days 0, 1 and 2 are archived and dropped
        assertThat(first.failures()).isEmpty();
        assertThat(first.archived()).filteredOn(a -> a.kind().equals("events"))
                .extracting(a -> a.day() + ":" + a.rows())
                .containsExactly(day(0, PER_DAY), day(1, PER_DAY), day(2, PER_DAY));
        assertThat(first.archived()).filteredOn(a -> a.kind().equals("metrics")).hasSize(3)
                .allSatisfy(a -> assertThat(a.rows()).isEqualTo(2));
        for (int d = 0; d < 3; d++) {
            assertThat(exists("raw_events_p" + compact(d))).isFalse();
            assertThat(exists("metrics_p" + compact(d))).isFalse();
            assertThat(archive.manifest(ArchiveKind.EVENTS, date(d)).orElseThrow().rows()).isEqualTo(PER_DAY);
        }
        assertThat(count("raw_events")).isEqualTo((DAYS - 3L) * PER_DAY);
        assertThat(count("metrics")).isEqualTo((DAYS - 3L) * 2);
        assertThat(hourly()).isEqualTo(hourlyBefore);
        assertThat(count("archive_pending")).isZero();
        assertThat(maintenance.status().archiveLagDays()).isZero();
        assertThat(maintenance.status().lastSuccessfulArchive()).isEqualTo(clock.instant());

        // Duplicates across days: a retry of a hot event with another timestamp, and of an archived
        // (imported) event whose first receipt is within the window, are both refused.
        StoreReport retries = store(List.of(
                event("e-5-3", "purchase", "u3", day(8).plusSeconds(5), clock.instant()),
                event("e-0-4", "page_view", "u4", day(9).plusSeconds(5), clock.instant())), List.of());
        assertThat(retries.eventsStored()).isZero();
        assertThat(retries.duplicates()).isEqualTo(2);
        assertThat(hourlyTotal()).isEqualTo((long) DAYS * PER_DAY);

        // A late event for an archived and dropped day is stored once and counted once.
        StoreReport late = store(List.of(event("late-1", "purchase", "u9", day(1).plusSeconds(4000), clock.instant())), List.of());
        assertThat(late.eventsStored()).isEqualTo(1);
        assertThat(hourlyTotal()).isEqualTo((long) DAYS * PER_DAY + 1);
        MaintenanceReport second = maintenance.maintain();
        assertThat(second.archived()).extracting(a -> a.kind() + " " + a.day() + ":" + a.rows())
                .containsExactly("events " + day(1, 1));
        assertThat(archive.manifest(ArchiveKind.EVENTS, date(1)).orElseThrow().files()).hasSize(2);
        assertThat(archive.manifest(ArchiveKind.EVENTS, date(1)).orElseThrow().rows()).isEqualTo(PER_DAY + 1);
        assertThat(exists("raw_events_p" + compact(1))).isFalse();
        List<Map<String, Object>> hourlyAfterLate = hourly();

        // Restore: rows back for querying, aggregates untouched, idempotent.
        RestoreArchiveUseCase.RestoreReport restored = maintenance.restore(date(1));
        assertThat(restored.archived()).containsEntry("events", (long) PER_DAY + 1).containsEntry("metrics", 2L);
        assertThat(restored.inserted()).containsEntry("events", (long) PER_DAY + 1).containsEntry("metrics", 2L);
        assertThat(maintenance.restore(date(1)).inserted()).containsEntry("events", 0L).containsEntry("metrics", 0L);
        assertThat(countWhere("raw_events", "\"timestamp\" >= '" + date(1) + "' AND \"timestamp\" < '" + date(2) + "'"))
                .isEqualTo(PER_DAY + 1);
        assertThat(hourly()).isEqualTo(hourlyAfterLate);
        // a maintenance run inside the restore hold keeps the day; after it, the day goes without a new file
        assertThat(maintenance.maintain().archived()).isEmpty();
        assertThat(exists("raw_events_p" + compact(1))).isTrue();
        clock.advance(Duration.ofHours(25));
        MaintenanceReport afterHold = maintenance.maintain();
        assertThat(afterHold.archived()).filteredOn(a -> a.day().equals(date(1)))
                .allSatisfy(a -> assertThat(a.rows()).isZero());
        assertThat(exists("raw_events_p" + compact(1))).isFalse();
        assertThat(archive.manifest(ArchiveKind.EVENTS, date(1)).orElseThrow().rows()).isEqualTo(PER_DAY + 1);
        assertThat(hourly()).isEqualTo(hourlyAfterLate);

        if (where.equals("file")) {
            // the archive as users read it, with a standard reader
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM read_parquet('"
                         + dir.resolve("archive") + "/events/date=*/*.parquet')")) {
                rs.next();
                // days 0..2, the late event, and day 3 which went cold after the clock moved on
                long expected = 3L * PER_DAY + 1 + PER_DAY;
                assertThat(rs.getLong(1)).isEqualTo(expected);
                assertThat(rs.getLong(2)).isEqualTo(expected);
            }
        }
    }

    private StoreReport store(List<Event> events, List<MetricSample> samples) {
        long next = position.addAndGet(events.size() + samples.size());
        BufferPosition after = new BufferPosition(new StreamName("user-events"), 0, new Offset(next));
        return store.store(new StorableBatch(GROUP, events, samples, List.of(), List.of(after), false, 1));
    }

    private static Instant day(int d) {
        return date(d).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    }

    private static LocalDate date(int d) {
        return FIRST.plusDays(d);
    }

    private static String day(int d, int rows) {
        return date(d) + ":" + rows;
    }

    private static String compact(int d) {
        return date(d).toString().replace("-", "");
    }

    private static Event event(String id, String type, String user, Instant at, Instant receivedAt) {
        return new Event(new EventId(id), new EventType(type), new UserId(user), new SessionId("s-" + user), at, receivedAt,
                id.hashCode() % 2 == 0 ? 1.5 : null, EventProperties.of(Map.of("page", "/p/" + id)), EventSource.NATIVE);
    }

    private static MetricSample sample(String id, Instant at, double value) {
        return new MetricSample(id, new MetricName("latency_ms"), value, at, at, MetricLabels.of(Map.of("route", "/v1")));
    }

    private boolean exists(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT to_regclass(:t) IS NOT NULL").bind("t", table).mapTo(Boolean.class).one());
    }

    private long count(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private long countWhere(String table, String condition) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM " + table + " WHERE " + condition).mapTo(Long.class).one());
    }

    private long hourlyTotal() {
        return jdbi.withHandle(h -> h.createQuery("SELECT coalesce(sum(total_events), 0) FROM hourly_aggregations").mapTo(Long.class).one());
    }

    private List<Map<String, Object>> hourly() {
        return jdbi.withHandle(h -> h.createQuery("""
                SELECT aggregation_hour::text AS hour, event_type, total_events, unique_users, total_duration_seconds, events_with_duration
                FROM hourly_aggregations ORDER BY 1, 2""").mapToMap().list());
    }
}

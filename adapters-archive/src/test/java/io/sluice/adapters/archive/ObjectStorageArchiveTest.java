package io.sluice.adapters.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveManifest;
import io.sluice.application.port.out.ArchiveUnavailableException;
import io.sluice.application.port.out.ArchivedFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet files in a directory and in a real S3 API server, read back with a real Parquet reader. */
class ObjectStorageArchiveTest {

    private static final LocalDate DAY = LocalDate.parse("2026-01-15");
    private static final List<ArchiveColumn> COLUMNS = List.of(
            new ArchiveColumn("seq", ArchiveColumn.Type.BIGINT),
            new ArchiveColumn("event_id", ArchiveColumn.Type.TEXT),
            new ArchiveColumn("event_data", ArchiveColumn.Type.JSON),
            new ArchiveColumn("duration_seconds", ArchiveColumn.Type.DOUBLE),
            new ArchiveColumn("timestamp", ArchiveColumn.Type.TIMESTAMP),
            new ArchiveColumn("payload", ArchiveColumn.Type.BYTES),
            new ArchiveColumn("attempts", ArchiveColumn.Type.INTEGER),
            new ArchiveColumn("flag", ArchiveColumn.Type.BOOLEAN));

    @TempDir
    static Path shared;
    private static S3ProxyProcess s3proxy;

    @BeforeAll
    static void startS3() throws Exception {
        s3proxy = S3ProxyProcess.start(S3ProxyProcess.jarOf("adapters-archive"), shared.resolve("s3"));
        s3proxy.createBucket("sluice-archive");
    }

    @AfterAll
    static void stopS3() {
        if (s3proxy != null) {
            s3proxy.close();
        }
    }

    @Test
    void aDayWrittenToADirectoryIsReadBackWithItsManifest(@TempDir Path dir) throws Exception {
        ObjectStorageArchive archive = ObjectStorageArchive.open(dir.resolve("archive").toUri(), null, dir.resolve("work"));

        ArchivedFile file = archive.write(ArchiveKind.EVENTS, DAY, "events-a.parquet", COLUMNS, rows(1, 500));
        archive.record(ArchiveKind.EVENTS, DAY, file);

        assertThat(file.rows()).isEqualTo(500);
        assertThat(file.minTime()).isEqualTo(Instant.parse("2026-01-15T00:00:01.000001Z"));
        assertThat(file.maxTime()).isEqualTo(Instant.parse("2026-01-15T00:08:20.000500Z"));
        Path written = dir.resolve("archive/events/date=2026-01-15/events-a.parquet");
        assertThat(written).exists();
        assertThat(dir.resolve("archive/events/date=2026-01-15/_manifest.json")).exists();
        assertThat(archive.days(ArchiveKind.EVENTS)).containsExactly(DAY);
        assertRoundTrip(archive, 500);
        // an independent reader sees the layout users query
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), sum(seq), max(event_data->>'n') FROM read_parquet('"
                     + dir.resolve("archive") + "/events/date=*/*.parquet')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(500);
            assertThat(rs.getLong(2)).isEqualTo(500L * 501 / 2);
        }
    }

    @Test
    void writingTheSameFileAgainReplacesItAndALateFileAddsToTheDay(@TempDir Path dir) {
        ObjectStorageArchive archive = ObjectStorageArchive.open(dir.resolve("archive").toUri(), null, dir.resolve("work"));
        archive.record(ArchiveKind.EVENTS, DAY, archive.write(ArchiveKind.EVENTS, DAY, "events-a.parquet", COLUMNS, rows(1, 100)));
        archive.record(ArchiveKind.EVENTS, DAY, archive.write(ArchiveKind.EVENTS, DAY, "events-a.parquet", COLUMNS, rows(1, 100)));
        archive.record(ArchiveKind.EVENTS, DAY, archive.write(ArchiveKind.EVENTS, DAY, "events-b.parquet", COLUMNS, rows(101, 3)));

        ArchiveManifest manifest = archive.manifest(ArchiveKind.EVENTS, DAY).orElseThrow();
        assertThat(manifest.files()).extracting(ArchivedFile::name).containsExactly("events-a.parquet", "events-b.parquet");
        assertThat(manifest.rows()).isEqualTo(103);
        assertThat(archive.ids(ArchiveKind.EVENTS, DAY, "events-b.parquet")).hasSize(100).contains(1L, 100L);
        assertThat(archive.read(ArchiveKind.EVENTS, DAY, COLUMNS, row -> { })).isEqualTo(103);
    }

    @Test
    void aDayWrittenToS3IsStoredAsObjectsAndReadBack(@TempDir Path dir) throws Exception {
        URI uri = URI.create("s3://sluice-archive/prod/sluice");
        try (ObjectStorageArchive archive = ObjectStorageArchive.open(uri, s3proxy.endpoint(), dir.resolve("work"))) {
            ArchivedFile file = archive.write(ArchiveKind.EVENTS, DAY, "events-s3.parquet", COLUMNS, rows(1, 2_000));
            archive.record(ArchiveKind.EVENTS, DAY, file);

            assertThat(file.rows()).isEqualTo(2_000);
            Path object = s3proxy.directory().resolve("sluice-archive/prod/sluice/events/date=2026-01-15/events-s3.parquet");
            assertThat(object).exists();
            assertThat(Files.size(object)).isEqualTo(file.bytes());
            assertThat(archive.days(ArchiveKind.EVENTS)).containsExactly(DAY);
            assertRoundTrip(archive, 2_000);
            // the stored object itself, read by an independent Parquet reader
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM read_parquet('" + object + "')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2_000);
                assertThat(rs.getLong(2)).isEqualTo(2_000);
            }
        }
    }

    @Test
    void anUnreachableS3IsAnArchiveFailure(@TempDir Path dir) {
        try (ObjectStorageArchive archive = ObjectStorageArchive.open(URI.create("s3://sluice-archive/x"),
                URI.create("http://127.0.0.1:1"), dir.resolve("work"))) {
            assertThatThrownBy(() -> archive.write(ArchiveKind.EVENTS, DAY, "f.parquet", COLUMNS, rows(1, 1)))
                    .isInstanceOf(ArchiveUnavailableException.class);
        }
    }

    private static void assertRoundTrip(ObjectStorageArchive archive, int n) {
        List<Object[]> back = new ArrayList<>();
        archive.read(ArchiveKind.EVENTS, DAY, COLUMNS, back::add);
        assertThat(back).hasSize(n);
        back.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
        for (int i = 0; i < n; i++) {
            Object[] expected = row(i + 1);
            Object[] actual = back.get(i);
            assertThat(actual[0]).isEqualTo(expected[0]);
            assertThat(actual[1]).isEqualTo(expected[1]);
            assertThat(actual[2]).isEqualTo(expected[2]);
            assertThat(actual[3]).isEqualTo(expected[3]);
            assertThat(actual[4]).isEqualTo(expected[4]);
            assertThat((byte[]) actual[5]).isEqualTo((byte[]) expected[5]);
            assertThat(actual[6]).isEqualTo(expected[6]);
            assertThat(actual[7]).isEqualTo(expected[7]);
        }
    }

    private static io.sluice.application.port.out.ArchiveRows rows(int first, int count) {
        return io.sluice.application.port.out.ArchiveRows.of(sink -> {
            for (int i = first; i < first + count; i++) {
                sink.accept(row(i));
            }
            return count;
        });
    }

    private static Object[] row(long i) {
        Instant time = Instant.parse("2026-01-15T00:00:00Z").plusSeconds(i).plusNanos(i * 1_000);
        return new Object[] {i, "e-" + i, "{\"n\": " + i + ", \"s\": \"ü\\\"x\"}", i % 3 == 0 ? null : i * 0.25, time,
                i % 2 == 0 ? null : new byte[] {0, (byte) i, -1}, (int) (i % 5), i % 2 == 0};
    }

}

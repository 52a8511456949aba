package io.sluice.bootstrap.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.archive.ObjectStorageArchive;
import io.sluice.adapters.postgres.PartitionLifecycle;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.application.port.in.StorageRetention;
import io.sluice.application.service.ArchivePace;
import io.sluice.application.service.StorageMaintenance;
import io.sluice.bootstrap.SluiceApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restore-archive config.yml --date …}: the operator's restore without a running server. */
class RestoreArchiveCommandTest {

    @Test
    void restoresAnArchivedDayFromTheCommandLineIdempotently(@TempDir Path dir) throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Jdbi jdbi = db.jdbi();
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(20);
        jdbi.useHandle(h -> {
            h.execute("SELECT sluice_ensure_day_partition('raw_events', CAST(? AS date))", old.toString());
            h.execute("""
                    INSERT INTO raw_events (event_id, user_id, event_type, "timestamp", received_at, source)
                    SELECT 'cli-' || n, 'u', 'click', CAST(? AS timestamptz) + (n || ' minutes')::interval, now(), 'default'
                    FROM generate_series(1, 25) n""", old.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        });
        // archived by the same code the server runs, into the archive the configuration names
        try (ObjectStorageArchive archive = ObjectStorageArchive.open(dir.resolve("data/archive").toUri(), null, dir.resolve("work"))) {
            new StorageMaintenance(new PartitionLifecycle(jdbi), archive, archive, StorageRetention.defaults(), ArchivePace.unpaced(),
                    Clock.systemUTC())
                    .maintain();
        }
        assertThat(rows(jdbi)).isZero();
        Path config = dir.resolve("restore.yml");
        Files.writeString(config, """
                dataDir: %s
                database:
                  url: "%s"
                  user: %s
                  password: "%s"
                logging:
                  level: "OFF"
                """.formatted(dir.resolve("data"), db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password()));

        String first = run("restore-archive", config.toString(), "--date", old.toString());
        String second = run("restore-archive", config.toString(), "--date", old.toString());

        assertThat(first).contains("\"restored_rows\" : {", "\"events\" : 25");
        assertThat(second).contains("\"events\" : 0");
        assertThat(rows(jdbi)).isEqualTo(25);
    }

    private static long rows(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one());
    }

    private static String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            new SluiceApplication().run(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

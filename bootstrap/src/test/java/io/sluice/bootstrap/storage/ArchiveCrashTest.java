package io.sluice.bootstrap.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.adapters.postgres.PostgresFixture;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during archive and during drop: a maintenance process is killed at several moments of
 * archiving three large days; after every kill each row is in the hot store, in a detached pending
 * partition or in a manifest-listed archive file, and never both visible in the hot store and
 * archived; the run that completes leaves every row exactly once in hot store ∪ archive.
 */
class ArchiveCrashTest {

    private static final String NOW = "2026-03-11T01:00:00Z";
    private static final int DAYS = 3;
    private static final int PER_DAY = 30_000;

    @Test
    void killedMaintenanceLeavesEveryRowOnceInHotStoreOrArchive(@TempDir Path dir) throws Exception {
        PostgresFixture.TestDatabase db = PostgresFixture.newDatabase();
        Jdbi jdbi = db.jdbi();
        jdbi.useHandle(h -> {
            for (int d = 0; d < DAYS; d++) {
                h.execute("SELECT sluice_ensure_day_partition('raw_events', DATE '2026-03-01' + " + d + ")");
            }
            h.execute("""
                    INSERT INTO raw_events (event_id, user_id, event_type, event_data, "timestamp", received_at, source)
                    SELECT 'c-' || d || '-' || n, 'u' || mod(n, 97), 'page_view', jsonb_build_object('n', n, 'pad', repeat('x', 200)),
                           timestamptz '2026-03-01 00:00:00+00' + (d || ' days')::interval + (mod(n, 86000) || ' seconds')::interval,
                           now(), 'default'
                    FROM generate_series(0, %d) d, generate_series(1, %d) n""".formatted(DAYS - 1, PER_DAY));
        });
        long total = (long) DAYS * PER_DAY;

        // Kills spread over the run: while detaching and exporting, while writing Parquet, between
        // read-back and drop. The data is large enough for a run to take seconds here.
        long[] delaysMillis = {150, 700, 1500, 2500, 4000};
        int killed = 0;
        for (long delay : delaysMillis) {
            Process child = start(db, dir);
            try {
                awaitLine(child, "START");
                if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                    child.destroyForcibly(); // SIGKILL on Linux
                    child.waitFor();
                    killed++;
                }
            } finally {
                child.destroyForcibly();
            }
            assertRowsNeverLostNorVisibleTwice(jdbi, dir, total);
        }
        assertThat(killed).as("kills that landed before the run finished").isGreaterThanOrEqualTo(2);

        // A killed run's database session may outlive its process for a moment (still holding the
        // maintenance lock): a run that finds the lock taken skips, and the next one proceeds.
        String done = "";
        for (int attempt = 0; attempt < 10 && !done.endsWith("[]"); attempt++) {
            Process last = start(db, dir);
            done = awaitLine(last, "DONE");
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
            if (!done.endsWith("[]")) {
                assertThat(done).contains("skipped");
                Thread.sleep(500);
            }
        }
        assertThat(done).endsWith("[]");

        Map<String, Integer> counts = assertRowsNeverLostNorVisibleTwice(jdbi, dir, total);
        assertThat(counts.values()).allMatch(n -> n == 1);
        assertThat(jdbi.<Long, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM archive_pending").mapTo(Long.class).one())).isZero();
        assertThat(jdbi.<Long, RuntimeException>withHandle(h -> h.createQuery("SELECT count(*) FROM raw_events").mapTo(Long.class).one())).isZero();
        // no file outside the manifests remains: resumed runs rewrote their own file
        try (Stream<Path> files = Files.walk(dir.resolve("archive"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count())
                    .isEqualTo(manifestFiles(dir).size());
        }
    }

    /** @return per event id: copies visible in raw_events plus copies in manifest-listed archive files */
    private static Map<String, Integer> assertRowsNeverLostNorVisibleTwice(Jdbi jdbi, Path dir, long total) throws Exception {
        Map<String, Integer> visible = new HashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT event_id FROM raw_events").mapTo(String.class)
                .forEach(id -> visible.merge(id, 1, Integer::sum)));
        List<String> pending = jdbi.withHandle(h -> h.createQuery("SELECT table_name FROM archive_pending").mapTo(String.class).list());
        java.util.Set<String> detached = new java.util.HashSet<>();
        for (String table : pending) {
            jdbi.useHandle(h -> h.createQuery("SELECT event_id FROM " + table).mapTo(String.class).forEach(detached::add));
        }
        List<Path> files = manifestFiles(dir);
        if (!files.isEmpty()) {
            StringBuilder list = new StringBuilder();
            for (Path file : files) {
                list.append(list.length() == 0 ? "" : ", ").append('\'').append(file).append('\'');
            }
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT event_id FROM read_parquet([" + list + "])")) {
                while (rs.next()) {
                    visible.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        long missing = 0;
        for (int d = 0; d < DAYS; d++) {
            for (int n = 1; n <= PER_DAY; n++) {
                String id = "c-" + d + "-" + n;
                if (!visible.containsKey(id) && !detached.contains(id)) {
                    missing++;
                }
            }
        }
        assertThat(missing).as("rows in neither the hot store, a pending partition nor the archive").isZero();
        assertThat(visible.values()).as("rows both in the hot store and the archive, or archived twice").allMatch(n -> n == 1);
        assertThat(visible.size() + detached.stream().filter(id -> !visible.containsKey(id)).count()).isEqualTo(total);
        return visible;
    }

    private static List<Path> manifestFiles(Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            Path day = dir.resolve("archive/events/date=" + LocalDate.parse("2026-03-01").plusDays(d));
            Path manifest = day.resolve("_manifest.json");
            if (Files.exists(manifest)) {
                com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest.toFile());
                for (com.fasterxml.jackson.databind.JsonNode file : root.path("files")) {
                    files.add(day.resolve(file.path("name").asText()));
                }
            }
        }
        return files;
    }

    private static Process start(PostgresFixture.TestDatabase db, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                MaintainInChildJvm.class.getName(), db.jdbcUrl(), db.user(), dir.toString(), NOW).redirectErrorStream(true);
        // The embedded database asks for a password: handed over in the environment, not on the command line.
        child.environment().put(MaintainInChildJvm.PASSWORD_VARIABLE, db.password());
        return child.start();
    }

    private static String awaitLine(Process process, String prefix) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child ended without printing " + prefix + ":\n" + seen);
    }
}

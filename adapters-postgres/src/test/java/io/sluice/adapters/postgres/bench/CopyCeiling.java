package io.sluice.adapters.postgres.bench;

import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.adapters.postgres.Migrations;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The raw PostgreSQL {@code COPY} ceiling for {@code bench/run}: the same {@code raw_events} rows
 * the consumer writes (Sluice's own schema and indexes, applied by its migrations), in
 * transactions of 5,000 rows like the consumer's batches, into an embedded PostgreSQL with the
 * durable settings of the embedded default (fsync and synchronous commit on). Text {@code COPY},
 * no conflict handling, no aggregates, no positions: what the database can take at best. Not a
 * test; run from the test classpath:
 * {@code java -cp … io.sluice.adapters.postgres.bench.CopyCeiling [seconds] [directory]}.
 */
public final class CopyCeiling {

    private static final int BATCH = 5_000;
    private static final String[] TYPES = {"page_view", "click", "search", "login", "logout", "purchase"};

    private CopyCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("copy-ceiling");
        double[] rates = new double[seconds];
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("pg"), 0,
                EmbeddedPostgresServer.Durability.DURABLE)) {
            DataSource dataSource = server.dataSource();
            Migrations.apply(dataSource);
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                // raw_events is partitioned by day of the event's time; the rows below span minutes of one
                // day, whose partition the consumer would have created the same way before its first batch.
                try (Statement partition = connection.createStatement()) {
                    partition.execute("SELECT sluice_ensure_day_partition('raw_events', DATE '2025-11-21')");
                }
                connection.commit();
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                long sequence = 0;
                Instant base = Instant.parse("2025-11-21T10:00:00Z");
                for (int second = -2; second < seconds; second++) {
                    long rows = 0;
                    long started = System.nanoTime();
                    long end = started + 1_000_000_000L;
                    long now;
                    do {
                        StringBuilder text = new StringBuilder(BATCH * 320);
                        for (int i = 0; i < BATCH; i++, sequence++) {
                            String at = base.plusMillis(sequence).toString();
                            text.append("ev-").append(sequence).append('\t')
                                    .append("user_").append(sequence * 7919 % 1000).append('\t')
                                    .append(TYPES[(int) (sequence % TYPES.length)]).append('\t')
                                    .append("{\"page_url\": \"/pricing\", \"referrer\": \"google.com\", \"user_agent\": \"Mozilla/5.0 (X11; Linux x86_64)\"}")
                                    .append('\t').append(12.5).append('\t').append(at).append('\t')
                                    .append("session_").append(sequence / 50).append('\t').append(at).append('\t')
                                    .append("native").append('\n');
                        }
                        copy.copyIn("COPY raw_events (event_id, user_id, event_type, event_data, duration_seconds, \"timestamp\", "
                                + "session_id, received_at, source) FROM STDIN", new StringReader(text.toString()));
                        connection.commit();
                        rows += BATCH;
                        now = System.nanoTime();
                    } while (now < end);
                    if (second >= 0) {
                        rates[second] = rows / ((now - started) / 1e9);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "CEILING postgres_copy median=%.0f min=%.0f max=%.0f unit=rows/s samples=%d batch=%d%n",
                sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length, BATCH);
    }
}

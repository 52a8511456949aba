package io.sluice.adapters.postgres.bench;

import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import io.sluice.adapters.postgres.Migrations;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The raw PostgreSQL {@code COPY} ceiling for {@code bench/run}: {@code raw_events} rows (Sluice's own
 * schema and indexes, applied by its migrations) in transactions of 5,000 rows, into an embedded
 * PostgreSQL with the durable settings of the embedded default (fsync and synchronous commit on).
 * Text {@code COPY}, no conflict handling, no aggregates, no positions: what the database can take
 * at best. Two kinds of rows:
 * <ul>
 *   <li>no rows file: synthetic rows for {@code seconds} after two seconds of warm-up, into an empty
 *       table (the figure bench/run reported alone until 2026-12-04);</li>
 *   <li>a rows file (text {@code COPY} format, the columns of {@link #COLUMNS}): exactly those rows,
 *       all of them, e.g. the rows figure 4b's consumer stored, so that the ceiling writes the same
 *       rows into a table growing to the same size, as bar 1 of issue 18 defines it.</li>
 * </ul>
 * Prints one line: the median, lowest and highest rows committed per wall-clock second. Not a test;
 * run from the test classpath:
 * {@code java -cp … io.sluice.adapters.postgres.bench.CopyCeiling [seconds] [directory] [rows file]}.
 */
public final class CopyCeiling {

    private static final int BATCH = 5_000;
    private static final String COLUMNS =
            "event_id, user_id, event_type, event_data, duration_seconds, \"timestamp\", session_id, received_at, source";
    private static final int TIMESTAMP_FIELD = 5;
    private static final String[] TYPES = {"page_view", "click", "search", "login", "logout", "purchase"};

    private CopyCeiling() {
    }

    /** The next batch of rows in text COPY format, or null when there are no more. */
    private interface Rows {
        String next() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("copy-ceiling");
        Path rowsFile = args.length > 2 ? Path.of(args[2]) : null;
        List<Double> rates;
        String name;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.resolve("pg"), 0,
                EmbeddedPostgresServer.Durability.DURABLE)) {
            DataSource dataSource = server.dataSource();
            Migrations.apply(dataSource);
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                if (rowsFile == null) {
                    name = "postgres_copy";
                    // The rows below span minutes of one day, whose partition the consumer would have created the
                    // same way before its first batch.
                    ensureDays(connection, List.of(LocalDate.parse("2025-11-21")));
                    rates = copy(connection, synthetic(), 2, seconds);
                } else {
                    name = "postgres_copy_rows";
                    ensureDays(connection, daysOf(rowsFile));
                    try (BufferedReader reader = Files.newBufferedReader(rowsFile, StandardCharsets.UTF_8)) {
                        rates = copy(connection, fromFile(reader), 0, Integer.MAX_VALUE);
                    }
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "CEILING %s median=%.0f min=%.0f max=%.0f unit=rows/s samples=%d batch=%d%n",
                name, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], sorted.length, BATCH);
    }

    /**
     * COPYs batches until the rows run out or {@code seconds} measured seconds passed, after
     * {@code warmSeconds} unmeasured ones. @return the rows committed in each measured second (a last,
     * partial second is counted at its own length when the rows ran out)
     */
    private static List<Double> copy(Connection connection, Rows rows, int warmSeconds, int seconds) throws Exception {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        List<Double> rates = new ArrayList<>();
        for (int second = -warmSeconds; second < seconds; second++) {
            long committed = 0;
            long started = System.nanoTime();
            long end = started + 1_000_000_000L;
            String batch;
            do {
                batch = rows.next();
                if (batch == null) {
                    break;
                }
                committed += copy.copyIn("COPY raw_events (" + COLUMNS + ") FROM STDIN", new StringReader(batch));
                connection.commit();
            } while (System.nanoTime() < end);
            long elapsed = System.nanoTime() - started;
            if (second >= 0 && committed > 0) {
                rates.add(committed / (elapsed / 1e9));
            }
            if (batch == null) {
                break;
            }
        }
        return rates;
    }

    private static Rows synthetic() {
        Instant base = Instant.parse("2025-11-21T10:00:00Z");
        long[] sequence = {0};
        return () -> {
            StringBuilder text = new StringBuilder(BATCH * 320);
            for (int i = 0; i < BATCH; i++, sequence[0]++) {
                long s = sequence[0];
                String at = base.plusMillis(s).toString();
                text.append("ev-").append(s).append('\t')
                        .append("user_").append(s * 7919 % 1000).append('\t')
                        .append(TYPES[(int) (s % TYPES.length)]).append('\t')
                        .append("{\"page_url\": \"/pricing\", \"referrer\": \"google.com\", \"user_agent\": \"Mozilla/5.0 (X11; Linux x86_64)\"}")
                        .append('\t').append(12.5).append('\t').append(at).append('\t')
                        .append("session_").append(s / 50).append('\t').append(at).append('\t')
                        .append("native").append('\n');
            }
            return text.toString();
        };
    }

    private static Rows fromFile(BufferedReader reader) {
        return () -> {
            StringBuilder text = new StringBuilder(BATCH * 320);
            String line;
            int n = 0;
            while (n < BATCH && (line = reader.readLine()) != null) {
                text.append(line).append('\n');
                n++;
            }
            return n == 0 ? null : text.toString();
        };
    }

    /** The UTC days of the rows' event times (written in UTC by the dump), read before anything is timed. */
    private static List<LocalDate> daysOf(Path rowsFile) throws Exception {
        TreeSet<LocalDate> days = new TreeSet<>();
        try (Stream<String> lines = Files.lines(rowsFile, StandardCharsets.UTF_8)) {
            lines.forEach(line -> days.add(LocalDate.parse(line.split("\t", TIMESTAMP_FIELD + 2)[TIMESTAMP_FIELD].substring(0, 10))));
        }
        return List.copyOf(days);
    }

    private static void ensureDays(Connection connection, List<LocalDate> days) throws SQLException {
        try (PreparedStatement partition = connection.prepareStatement("SELECT sluice_ensure_day_partition('raw_events', ?)")) {
            for (LocalDate day : days) {
                partition.setObject(1, day);
                partition.execute();
            }
        }
        connection.commit();
    }
}

package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.HotStoragePort;
import io.sluice.application.port.out.PendingArchive;
import io.sluice.application.port.out.RetainedData;
import io.sluice.application.port.in.StorageFootprint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The day partitions of the hot store: created ahead, raw days detached for the archive and
 * dropped once archived, other families dropped by retention, archived rows restored. Rows are
 * never deleted one by one. DDL waits at most {@link #LOCK_TIMEOUT} for the consumer's locks, so a
 * long query delays maintenance (which retries on its next run) instead of stalling the consumer
 * behind a queued exclusive lock. Thread-safe.
 */
public final class PartitionLifecycle implements HotStoragePort {

    static final String LOCK_TIMEOUT = "5s";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final List<String> ALL_TABLES = List.of("raw_events", "metrics", "minute_aggregations", "hourly_aggregations",
            "aggregation_users", "metric_aggregates", "metric_sketch_bins", "dead_letters", "pipeline_metrics",
            "event_ids", "sample_ids");
    private static final int RESTORE_BATCH = 1_000;
    private static final int EXPORT_FETCH = 5_000;

    private final Jdbi jdbi;

    public PartitionLifecycle(Jdbi jdbi) {
        this.jdbi = jdbi;
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

    @Override
    public java.util.Optional<AutoCloseable> tryLockMaintenance() {
        return StoreFailures.guard("take the maintenance lock", () -> {
            Handle handle = jdbi.open();
            try {
                boolean locked = handle.createQuery("SELECT pg_try_advisory_lock(hashtext('sluice-storage-maintenance'))")
                        .mapTo(Boolean.class).one();
                if (!locked) {
                    handle.close();
                    return java.util.Optional.empty();
                }
                // session-level lock: released by closing the session, even if the unlock fails
                return java.util.Optional.of(() -> {
                    try (handle) {
                        handle.createQuery("SELECT pg_advisory_unlock(hashtext('sluice-storage-maintenance'))").mapTo(Boolean.class).one();
                    }
                });
            } catch (RuntimeException failed) {
                handle.close();
                throw failed;
            }
        });
    }

    @Override
    public int createPartitions(LocalDate from, LocalDate to) {
        return StoreFailures.guard("create partitions ahead", () -> jdbi.withHandle(handle -> {
            int created = 0;
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                for (String table : ALL_TABLES) {
                    if (handle.createQuery("SELECT sluice_ensure_day_partition(:t, CAST(:d AS date))")
                            .bind("t", table).bind("d", day.toString()).mapTo(Boolean.class).one()) {
                        created++;
                    }
                }
            }
            return created;
        }));
    }

    /** The attached day partitions of a parent, by day. */
    static Map<LocalDate, String> partitions(Handle handle, String parent) {
        Map<LocalDate, String> days = new TreeMap<>();
        handle.createQuery("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = CAST(:parent AS regclass)""")
                .bind("parent", parent)
                .mapTo(String.class)
                .forEach(name -> {
                    String prefix = parent + "_p";
                    if (name.startsWith(prefix) && name.length() == prefix.length() + 8) {
                        days.put(LocalDate.parse(name.substring(prefix.length()), SUFFIX), name);
                    }
                });
        return days;
    }

    @Override
    public List<PendingArchive> detachBefore(ArchiveKind kind, LocalDate before, Instant restoredSince) {
        String parent = parent(kind);
        return StoreFailures.guard("detach " + parent + " days before " + before, () -> {
            Map<LocalDate, String> due = jdbi.withHandle(handle -> partitions(handle, parent));
            Set<LocalDate> heldAsRestored = jdbi.withHandle(handle -> Set.copyOf(handle.createQuery(
                            "SELECT day FROM archive_days WHERE kind = :kind AND restored_at > :since")
                    .bind("kind", kind.label()).bind("since", Timestamp.from(restoredSince))
                    .mapTo(LocalDate.class).list()));
            for (Map.Entry<LocalDate, String> partition : due.entrySet()) {
                LocalDate day = partition.getKey();
                if (!day.isBefore(before) || heldAsRestored.contains(day)) {
                    continue;
                }
                String table = partition.getValue();
                jdbi.useTransaction(handle -> {
                    handle.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                    // The exclusive lock first: no batch can add a row between the emptiness check and the detach.
                    handle.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
                    boolean empty = handle.createQuery("SELECT NOT EXISTS (SELECT 1 FROM " + table + ")").mapTo(Boolean.class).one();
                    if (empty) {
                        handle.execute("DROP TABLE " + table);
                        return;
                    }
                    String token = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    String detached = table + "_a" + token;
                    handle.execute("ALTER TABLE " + parent + " DETACH PARTITION " + table);
                    handle.execute("ALTER TABLE " + table + " RENAME TO " + detached);
                    handle.createUpdate("INSERT INTO archive_pending (table_name, kind, day, file_token) VALUES (:t, :k, :d, :token)")
                            .bind("t", detached).bind("k", kind.label()).bind("d", day).bind("token", token).execute();
                });
            }
            return jdbi.withHandle(handle -> handle.createQuery(
                            "SELECT table_name, day, file_token FROM archive_pending WHERE kind = :kind ORDER BY day, detached_at")
                    .bind("kind", kind.label())
                    .map((rs, ctx) -> new PendingArchive(rs.getString("table_name"), kind, rs.getObject("day", LocalDate.class),
                            rs.getString("file_token")))
                    .list());
        });
    }

    @Override
    public List<ArchiveColumn> columns(ArchiveKind kind) {
        return StoreFailures.guard("read the columns of " + parent(kind), () -> jdbi.withHandle(handle ->
                TableColumns.of(handle, parent(kind)).stream().map(TableColumns.Column::archived).toList()));
    }

    @Override
    public ArchiveRows export(PendingArchive pending, List<ArchiveColumn> columns, Set<Long> skipIds) {
        return ArchiveRows.of(sink -> StoreFailures.guard("export " + pending.table(), () -> jdbi.inTransaction(handle -> {
            Connection connection = handle.getConnection();
            List<String> select = new ArrayList<>();
            int idIndex = -1;
            for (int i = 0; i < columns.size(); i++) {
                ArchiveColumn column = columns.get(i);
                select.add(TableColumns.selectExpression(column));
                if (column.name().equals(pending.kind().idColumn())) {
                    idIndex = i;
                }
            }
            long count = 0;
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(EXPORT_FETCH);
                try (ResultSet rs = statement.executeQuery("SELECT " + String.join(", ", select) + " FROM " + pending.table()
                        + " ORDER BY " + TableColumns.quote(pending.kind().idColumn()))) {
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = TableColumns.read(rs, i + 1, columns.get(i).type());
                        }
                        if (idIndex >= 0 && skipIds.contains((Long) row[idIndex])) {
                            continue;
                        }
                        sink.accept(row);
                        count++;
                    }
                }
            }
            return count;
        })));
    }

    @Override
    public void dropArchived(PendingArchive pending, long archivedRows, Instant at) {
        StoreFailures.guard("drop archived " + pending.table(), () -> {
            jdbi.useTransaction(handle -> {
                handle.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                handle.execute("DROP TABLE IF EXISTS " + pending.table());
                // bookkeeping rows, not data: the pending entry is done
                handle.createUpdate("DELETE FROM archive_pending WHERE table_name = :t").bind("t", pending.table()).execute();
                handle.createUpdate("""
                                INSERT INTO archive_days AS a (kind, day, archived_rows, archived_at) VALUES (:k, :d, :n, :at)
                                ON CONFLICT (kind, day) DO UPDATE SET archived_rows = a.archived_rows + excluded.archived_rows,
                                                                      archived_at = excluded.archived_at""")
                        .bind("k", pending.kind().label()).bind("d", pending.day()).bind("n", archivedRows)
                        .bind("at", Timestamp.from(at)).execute();
            });
            return null;
        });
    }

    @Override
    public List<LocalDate> dropBefore(RetainedData data, LocalDate before) {
        return StoreFailures.guard("drop expired " + data, () -> {
            List<LocalDate> dropped = new ArrayList<>();
            for (String parent : tables(data)) {
                Map<LocalDate, String> days = jdbi.withHandle(handle -> partitions(handle, parent));
                for (Map.Entry<LocalDate, String> partition : days.entrySet()) {
                    if (partition.getKey().isBefore(before)) {
                        jdbi.useTransaction(handle -> {
                            handle.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
                            handle.execute("DROP TABLE IF EXISTS " + partition.getValue());
                        });
                        if (!dropped.contains(partition.getKey())) {
                            dropped.add(partition.getKey());
                        }
                    }
                }
            }
            dropped.sort(null);
            return dropped;
        });
    }

    @Override
    public long restore(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, ArchiveRows rows, Instant at) {
        String parent = parent(kind);
        new DayPartitions(jdbi, java.time.Clock.systemUTC()).ensure(parent, day);
        return StoreFailures.guard("restore " + parent + " " + day, () -> jdbi.inTransaction(handle -> {
            Map<String, TableColumns.Column> byName = new LinkedHashMap<>();
            for (TableColumns.Column column : TableColumns.of(handle, parent)) {
                byName.put(column.name(), column);
            }
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                TableColumns.Column column = byName.get(columns.get(i).name());
                if (column != null) {
                    names.add(TableColumns.quote(column.name()));
                    values.add("CAST(? AS " + column.sqlType() + ")");
                    indexes.add(i);
                }
            }
            String id = TableColumns.quote(kind.idColumn());
            String time = TableColumns.quote(kind.timeColumn());
            String sql = "INSERT INTO " + parent + " (" + String.join(", ", names) + ") SELECT * FROM (VALUES ("
                    + String.join(", ", values) + ")) AS v(" + String.join(", ", names) + ")"
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + parent + " x WHERE x." + id + " = v." + id
                    + " AND x." + time + " >= CAST(? AS timestamptz) AND x." + time + " < CAST(? AS timestamptz))";
            String dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            String dayEnd = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
            long[] inserted = new long[1];
            try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
                int[] pending = new int[1];
                Consumer<Object[]> add = row -> {
                    try {
                        int p = 1;
                        for (int index : indexes) {
                            TableColumns.bind(statement, p++, row[index], columns.get(index).type());
                        }
                        statement.setString(p++, dayStart);
                        statement.setString(p, dayEnd);
                        statement.addBatch();
                        if (++pending[0] == RESTORE_BATCH) {
                            inserted[0] += sum(statement.executeBatch());
                            pending[0] = 0;
                        }
                    } catch (SQLException failed) {
                        throw new IllegalStateException(failed);
                    }
                };
                rows.forEach(add);
                if (pending[0] > 0) {
                    inserted[0] += sum(statement.executeBatch());
                }
            }
            handle.createUpdate("""
                            INSERT INTO archive_days AS a (kind, day, restored_at) VALUES (:k, :d, :at)
                            ON CONFLICT (kind, day) DO UPDATE SET restored_at = excluded.restored_at""")
                    .bind("k", kind.label()).bind("d", day).bind("at", Timestamp.from(at)).execute();
            return inserted[0];
        }));
    }

    private static long sum(int[] counts) {
        long total = 0;
        for (int count : counts) {
            total += Math.max(0, count);
        }
        return total;
    }

    @Override
    public StorageFootprint footprint() {
        return StoreFailures.guard("measure the hot store", () -> jdbi.withHandle(handle -> {
            Map<String, Integer> hotDays = new TreeMap<>();
            Map<String, LocalDate> oldest = new TreeMap<>();
            Map<String, Integer> archivedDays = new TreeMap<>();
            for (ArchiveKind kind : ArchiveKind.values()) {
                Map<LocalDate, String> days = partitions(handle, parent(kind));
                hotDays.put(kind.label(), days.size());
                if (!days.isEmpty()) {
                    oldest.put(kind.label(), days.keySet().iterator().next());
                }
                archivedDays.put(kind.label(), handle.createQuery("SELECT count(*) FROM archive_days WHERE kind = :k AND archived_at IS NOT NULL")
                        .bind("k", kind.label()).mapTo(Integer.class).one());
            }
            int pending = handle.createQuery("SELECT count(*) FROM archive_pending").mapTo(Integer.class).one();
            Map<String, Long> bytes = new TreeMap<>();
            for (String table : ALL_TABLES) {
                bytes.put(table, handle.createQuery(
                                "SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree(CAST(:t AS regclass))")
                        .bind("t", table).mapTo(Long.class).one());
            }
            return new StorageFootprint(hotDays, oldest, archivedDays, pending, bytes);
        }));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

}

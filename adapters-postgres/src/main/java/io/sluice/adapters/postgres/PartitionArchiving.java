package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.PendingArchive;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Raw day partitions on their way to the archive: detached from their parent under a unique name
 * and listed in {@code archive_pending}, read out row by row, and dropped once archived (with the
 * day counted in {@code archive_days}). Thread-safe.
 */
final class PartitionArchiving {

    private static final int EXPORT_FETCH = 5_000;

    private final Jdbi jdbi;

    PartitionArchiving(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    List<PendingArchive> detachBefore(ArchiveKind kind, LocalDate before, Instant restoredSince) {
        String parent = HotPartitions.parent(kind);
        return StoreFailures.guard("detach " + parent + " days before " + before, () -> {
            Map<LocalDate, String> due = jdbi.withHandle(handle -> HotPartitions.partitions(handle, parent));
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
                    HotPartitions.limitLockWait(handle);
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

    List<ArchiveColumn> columns(ArchiveKind kind) {
        String parent = HotPartitions.parent(kind);
        return StoreFailures.guard("read the columns of " + parent, () -> jdbi.withHandle(handle ->
                TableColumns.of(handle, parent).stream().map(TableColumns.Column::archived).toList()));
    }

    ArchiveRows export(PendingArchive pending, List<ArchiveColumn> columns, Set<Long> skipIds) {
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

    void dropArchived(PendingArchive pending, long archivedRows, Instant at) {
        StoreFailures.guard("drop archived " + pending.table(), () -> {
            jdbi.useTransaction(handle -> {
                HotPartitions.limitLockWait(handle);
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
}

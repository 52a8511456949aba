package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveKind;
import io.sluice.application.port.out.ArchiveRows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Puts archived rows of one day back into their hot table, in one transaction: columns matched by
 * name (an archived column the table no longer has is left out), a row whose id the day already
 * holds skipped, and the day marked restored in {@code archive_days}. Thread-safe.
 */
final class ArchiveRestore {

    private static final int RESTORE_BATCH = 1_000;

    private final Jdbi jdbi;

    ArchiveRestore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** @return the rows inserted */
    long restore(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, ArchiveRows rows, Instant at) {
        String parent = HotPartitions.parent(kind);
        new DayPartitions(jdbi, Clock.systemUTC()).ensure(parent, day);
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
}

package io.sluice.adapters.archive;

import io.sluice.application.port.out.ArchiveColumn;
import io.sluice.application.port.out.ArchiveRows;
import io.sluice.application.port.out.ArchiveUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes and reads Parquet files with DuckDB (in process, in memory, spilling to a work
 * directory): zstd-compressed, one column per hot-table column, timestamps as UTC microseconds,
 * JSON as text. Each call opens its own DuckDB, so calls are independent and thread-safe.
 */
final class ParquetFiles {

    private final Path workDirectory;

    ParquetFiles(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    /** @return rows written */
    long write(Path target, List<ArchiveColumn> columns, ArchiveRows rows) {
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            List<String> definitions = new ArrayList<>();
            for (ArchiveColumn column : columns) {
                definitions.add(quote(column.name()) + " " + duckType(column.type()));
            }
            statement.execute("CREATE TABLE staged (" + String.join(", ", definitions) + ")");
            long written;
            try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender("main", "staged")) {
                written = rows.forEach(row -> append(appender, columns, row));
            }
            statement.execute("COPY staged TO '" + literal(target) + "' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)");
            return written;
        } catch (SQLException failed) {
            throw new ArchiveUnavailableException("could not write Parquet file " + target + ": " + failed.getMessage(), failed);
        }
    }

    /** Rows, earliest and latest time (UTC microseconds) of a file, read from the file itself. */
    Summary summary(Path file, String timeColumn) {
        try (Connection connection = open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), min(epoch_us(" + quote(timeColumn) + ")), max(epoch_us("
                     + quote(timeColumn) + ")) FROM read_parquet('" + literal(file) + "')")) {
            rs.next();
            long rows = rs.getLong(1);
            long min = rs.getLong(2);
            Instant minTime = rs.wasNull() ? null : micros(min);
            long max = rs.getLong(3);
            Instant maxTime = rs.wasNull() ? null : micros(max);
            return new Summary(rows, minTime, maxTime);
        } catch (SQLException failed) {
            throw new ArchiveUnavailableException("could not read Parquet file " + file + ": " + failed.getMessage(), failed);
        }
    }

    Set<Long> ids(Path file, String idColumn) {
        Set<Long> ids = new HashSet<>();
        try (Connection connection = open(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + quote(idColumn) + " FROM read_parquet('" + literal(file) + "')")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        } catch (SQLException failed) {
            throw new ArchiveUnavailableException("could not read Parquet file " + file + ": " + failed.getMessage(), failed);
        }
    }

    /** Reads the rows of a file in the given columns' order; a column the file lacks reads as null. */
    long read(Path file, List<ArchiveColumn> columns, Consumer<Object[]> sink) {
        try (Connection connection = open(); Statement statement = connection.createStatement()) {
            Set<String> present = new HashSet<>();
            try (ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + literal(file) + "')")) {
                while (rs.next()) {
                    present.add(rs.getString(1));
                }
            }
            List<String> select = new ArrayList<>();
            for (ArchiveColumn column : columns) {
                if (!present.contains(column.name())) {
                    select.add("NULL");
                } else if (column.type() == ArchiveColumn.Type.TIMESTAMP) {
                    select.add("epoch_us(" + quote(column.name()) + ")");
                } else {
                    select.add(quote(column.name()));
                }
            }
            long count = 0;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + String.join(", ", select) + " FROM read_parquet('" + literal(file) + "')");
                 ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Object[] row = new Object[columns.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = value(rs, i + 1, columns.get(i).type());
                    }
                    sink.accept(row);
                    count++;
                }
            }
            return count;
        } catch (SQLException failed) {
            throw new ArchiveUnavailableException("could not read Parquet file " + file + ": " + failed.getMessage(), failed);
        }
    }

    /** What a file holds, as read from it. */
    record Summary(long rows, Instant minTime, Instant maxTime) {
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET temp_directory = '" + literal(workDirectory.resolve("duckdb-spill")) + "'");
            statement.execute("SET memory_limit = '256MB'");
            statement.execute("SET threads = 1");
        }
        return connection;
    }

    private static void append(DuckDBAppender appender, List<ArchiveColumn> columns, Object[] row) {
        try {
            appender.beginRow();
            for (int i = 0; i < row.length; i++) {
                Object value = row[i];
                if (value == null) {
                    appender.appendNull();
                    continue;
                }
                switch (columns.get(i).type()) {
                    case BIGINT -> appender.append(((Number) value).longValue());
                    case INTEGER -> appender.append(((Number) value).intValue());
                    case DOUBLE -> appender.append(((Number) value).doubleValue());
                    case BOOLEAN -> appender.append((boolean) (Boolean) value);
                    case TIMESTAMP -> appender.appendEpochMicros(ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
                    case BYTES -> appender.append((byte[]) value);
                    default -> appender.append(value.toString());
                }
            }
            appender.endRow();
        } catch (SQLException failed) {
            throw new ArchiveUnavailableException("could not stage a row for Parquet: " + failed.getMessage(), failed);
        }
    }

    private static Object value(ResultSet rs, int index, ArchiveColumn.Type type) throws SQLException {
        Object value = switch (type) {
            case BIGINT -> rs.getLong(index);
            case INTEGER -> rs.getInt(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case TIMESTAMP -> micros(rs.getLong(index));
            case BYTES -> rs.getBytes(index);
            default -> rs.getString(index);
        };
        return rs.wasNull() ? null : value;
    }

    private static Instant micros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    private static String duckType(ArchiveColumn.Type type) {
        return switch (type) {
            case TEXT, JSON -> "VARCHAR";
            case BIGINT -> "BIGINT";
            case INTEGER -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case BOOLEAN -> "BOOLEAN";
            case TIMESTAMP -> "TIMESTAMPTZ";
            case BYTES -> "BLOB";
        };
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String literal(Path path) {
        return path.toAbsolutePath().toString().replace("'", "''");
    }
}

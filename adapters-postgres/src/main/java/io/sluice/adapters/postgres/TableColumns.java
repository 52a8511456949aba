package io.sluice.adapters.postgres;

import io.sluice.application.port.out.ArchiveColumn;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The columns of a table as the catalog declares them, and how their values cross to and from the
 * archive's plain Java values. Generic on purpose: a column a later migration adds is archived and
 * restored without code changes (types without a mapping travel as their text form).
 */
final class TableColumns {

    private TableColumns() {
    }

    /** One column: its name, its SQL type as PostgreSQL prints it, and how the archive carries it. */
    record Column(String name, String sqlType, ArchiveColumn.Type type) {
        ArchiveColumn archived() {
            return new ArchiveColumn(name, type);
        }
    }

    static List<Column> of(Handle handle, String table) {
        return handle.createQuery("""
                        SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS sql_type
                        FROM pg_attribute a
                        WHERE a.attrelid = CAST(:t AS regclass) AND a.attnum > 0 AND NOT a.attisdropped
                        ORDER BY a.attnum""")
                .bind("t", table)
                .map((rs, ctx) -> new Column(rs.getString(1), rs.getString(2), typeOf(rs.getString(2))))
                .list();
    }

    static ArchiveColumn.Type typeOf(String sqlType) {
        return switch (sqlType) {
            case "jsonb", "json" -> ArchiveColumn.Type.JSON;
            case "bigint" -> ArchiveColumn.Type.BIGINT;
            case "integer", "smallint" -> ArchiveColumn.Type.INTEGER;
            case "double precision", "real" -> ArchiveColumn.Type.DOUBLE;
            case "boolean" -> ArchiveColumn.Type.BOOLEAN;
            case "timestamp with time zone" -> ArchiveColumn.Type.TIMESTAMP;
            case "bytea" -> ArchiveColumn.Type.BYTES;
            default -> ArchiveColumn.Type.TEXT;
        };
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String selectExpression(ArchiveColumn column) {
        return switch (column.type()) {
            case TEXT, JSON -> quote(column.name()) + "::text";
            default -> quote(column.name());
        };
    }

    static Object read(ResultSet rs, int index, ArchiveColumn.Type type) throws SQLException {
        Object value = switch (type) {
            case TEXT, JSON -> rs.getString(index);
            case BIGINT -> rs.getLong(index);
            case INTEGER -> rs.getInt(index);
            case DOUBLE -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case TIMESTAMP -> {
                OffsetDateTime time = rs.getObject(index, OffsetDateTime.class);
                yield time == null ? null : time.toInstant();
            }
            case BYTES -> rs.getBytes(index);
        };
        return rs.wasNull() ? null : value;
    }

    static void bind(PreparedStatement statement, int index, Object value, ArchiveColumn.Type type) throws SQLException {
        if (value == null) {
            statement.setNull(index, type == ArchiveColumn.Type.BYTES ? Types.BINARY : Types.VARCHAR);
            return;
        }
        switch (type) {
            case BIGINT -> statement.setLong(index, ((Number) value).longValue());
            case INTEGER -> statement.setInt(index, ((Number) value).intValue());
            case DOUBLE -> statement.setDouble(index, ((Number) value).doubleValue());
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case TIMESTAMP -> statement.setObject(index, OffsetDateTime.ofInstant((Instant) value, ZoneOffset.UTC));
            case BYTES -> statement.setBytes(index, (byte[]) value);
            default -> statement.setString(index, value.toString());
        }
    }
}

package io.sluice.application.port.out;

import java.util.Objects;

/**
 * One column of an archived table, as the hot store declares it. Values travel as plain Java
 * objects: {@code String} (TEXT and JSON), {@code Long}, {@code Integer}, {@code Double},
 * {@code Boolean}, {@code java.time.Instant} (TIMESTAMP) and {@code byte[]} (BYTES), or null.
 *
 * @param name the column name, unchanged from the hot table
 * @param type how its values are carried and written
 */
public record ArchiveColumn(String name, Type type) {

    public ArchiveColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The value types an archive carries. */
    public enum Type {
        TEXT, JSON, BIGINT, INTEGER, DOUBLE, BOOLEAN, TIMESTAMP, BYTES
    }
}

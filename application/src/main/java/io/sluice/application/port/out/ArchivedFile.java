package io.sluice.application.port.out;

import java.time.Instant;
import java.util.Objects;

/**
 * One Parquet file of an archived day, as read back after writing it.
 *
 * @param name    the file name inside the day's directory
 * @param rows    rows counted when the file was read back
 * @param bytes   the file's size
 * @param sha256  hex SHA-256 of the file's bytes
 * @param minTime the earliest row time in it (null when empty)
 * @param maxTime the latest row time in it (null when empty)
 */
public record ArchivedFile(String name, long rows, long bytes, String sha256, Instant minTime, Instant maxTime) {

    public ArchivedFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
    }
}

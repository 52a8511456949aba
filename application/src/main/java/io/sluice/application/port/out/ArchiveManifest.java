package io.sluice.application.port.out;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What an archived day holds: its files with their row counts and checksums.
 *
 * @param kind  events or metric samples
 * @param day   the UTC day
 * @param files every complete file of the day, the first archive and the late additions
 */
public record ArchiveManifest(ArchiveKind kind, LocalDate day, List<ArchivedFile> files) {

    public ArchiveManifest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(day, "day");
        files = List.copyOf(files);
    }

    /** Rows of all files of the day. */
    public long rows() {
        return files.stream().mapToLong(ArchivedFile::rows).sum();
    }
}

package io.sluice.application.port.out;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads archived days back from object storage. Thread-safe; failures surface as
 * {@link ArchiveUnavailableException}.
 */
public interface ReadArchivePort {

    /** The manifest of a day, empty when nothing of that day was archived. */
    Optional<ArchiveManifest> manifest(ArchiveKind kind, LocalDate day);

    /** The days that have a manifest, oldest first. */
    List<LocalDate> days(ArchiveKind kind);

    /** The ids ({@link ArchiveKind#idColumn()}) of the rows in the day's files, except the named file. */
    Set<Long> ids(ArchiveKind kind, LocalDate day, String exceptFile);

    /**
     * Reads every row of the day's files listed in its manifest, with values in the order of the
     * given columns (null for a column a file does not have).
     *
     * @return how many rows were read
     */
    long read(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, Consumer<Object[]> sink);
}

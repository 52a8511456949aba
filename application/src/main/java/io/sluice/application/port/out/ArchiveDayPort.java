package io.sluice.application.port.out;

import java.time.LocalDate;
import java.util.List;

/**
 * Writes archived days to object storage. A file appears complete or not at all (written aside
 * and moved, or uploaded in one request), and writing the same token again replaces that file,
 * so a resumed archive run never adds a second copy of the same rows. Implementations are
 * thread-safe; failures surface as {@link ArchiveUnavailableException}.
 */
public interface ArchiveDayPort {

    /**
     * Writes the rows as one file of the day, then reads the stored file back.
     *
     * @return the file as read back (its row count is what the store now holds)
     */
    ArchivedFile write(ArchiveKind kind, LocalDate day, String token, List<ArchiveColumn> columns, ArchiveRows rows);

    /** Adds (or replaces, by name) a file in the day's manifest. */
    ArchiveManifest record(ArchiveKind kind, LocalDate day, ArchivedFile file);
}

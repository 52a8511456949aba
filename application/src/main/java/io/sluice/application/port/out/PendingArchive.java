package io.sluice.application.port.out;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A raw day partition taken out of the hot tables to be archived: its rows stay in the database
 * until the archive file holding them has been read back complete.
 *
 * @param table the detached table holding the rows
 * @param kind  events or metric samples
 * @param day   the UTC day of the rows' own time
 * @param token names the archive file, so a resumed attempt overwrites its own file instead of adding one
 */
public record PendingArchive(String table, ArchiveKind kind, LocalDate day, String token) {

    public PendingArchive {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(token, "token");
    }
}

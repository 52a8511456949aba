package io.sluice.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one maintenance run did.
 *
 * @param at                when it ran (the service's clock)
 * @param partitionsCreated partitions created ahead
 * @param archived          days archived and dropped, with their row counts
 * @param dropped           days dropped per data family (no archive needed)
 * @param failures          what failed; the affected rows stay hot and the next run retries
 */
public record MaintenanceReport(Instant at, int partitionsCreated, List<ArchivedDay> archived,
                                Map<String, List<LocalDate>> dropped, List<String> failures) {

    public MaintenanceReport {
        archived = List.copyOf(archived);
        dropped = Map.copyOf(dropped);
        failures = List.copyOf(failures);
    }

    /** A raw day written to the archive and dropped from the hot store. */
    public record ArchivedDay(String kind, LocalDate day, String file, long rows) {
    }
}

package io.sluice.application.port.out;

import io.sluice.application.port.in.StorageFootprint;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The hot store's day partitions: creating them ahead, taking raw days out for the archive,
 * dropping expired days and putting archived rows back for querying. Never deletes rows one by
 * one. Thread-safe; failures surface as {@link StoreException}s.
 */
public interface HotStoragePort {

    /**
     * Takes the store-wide maintenance lock, so one instance of several maintains at a time.
     *
     * @return the held lock (close releases it), or empty when another instance holds it
     */
    java.util.Optional<AutoCloseable> tryLockMaintenance();

    /**
     * Creates the partitions holding every day in {@code [from, to]} for every partitioned table (a store may
     * create more, e.g. a partition spanning several days ahead of its start). @return how many were new
     */
    int createPartitions(LocalDate from, LocalDate to);

    /**
     * Detaches the raw day partitions of {@code kind} older than {@code before} (except days restored
     * after {@code restoredSince}), registers them as pending, and returns every pending archive of
     * that kind, including ones an earlier run left unfinished.
     */
    List<PendingArchive> detachBefore(ArchiveKind kind, LocalDate before, Instant restoredSince);

    /** The columns of the raw table of {@code kind}, in table order. */
    List<ArchiveColumn> columns(ArchiveKind kind);

    /** Streams the rows of a pending archive whose id is not in {@code skipIds}. */
    ArchiveRows export(PendingArchive pending, List<ArchiveColumn> columns, Set<Long> skipIds);

    /** Drops the pending partition once its rows are archived, and records the day as archived. */
    void dropArchived(PendingArchive pending, long archivedRows, Instant at);

    /**
     * Drops the partitions of a family whose every day is before {@code before} (a partition spanning several
     * days is kept while one of them is not). @return the first day of each partition dropped
     */
    List<LocalDate> dropBefore(RetainedData data, LocalDate before);

    /**
     * Puts archived rows back into their day's hot partition, skipping rows already there (by id),
     * touching no aggregate. @return rows inserted
     */
    long restore(ArchiveKind kind, LocalDate day, List<ArchiveColumn> columns, ArchiveRows rows, Instant at);

    /** Days hot, partitions pending and bytes per table. */
    StorageFootprint footprint();
}

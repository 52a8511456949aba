package io.sluice.adapters.chronicle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the single-node Chronicle buffer is laid out and how far it may grow. Plain values, so the
 * configuration layer can build it without knowing Chronicle. Immutable and thread-safe.
 *
 * @param directory              where the queue's cycle files live (created when missing)
 * @param maxBacklogRecords      appended-but-uncommitted records above which appends are refused
 * @param retention              how long consumed cycle files are kept before they are deleted
 * @param appendTimeout          how long an append may wait for the writer (the lock, or the group-commit
 *                               thread) before it is refused
 * @param retryAfter             what a refused client is told to wait
 * @param maxRecordsPerBatch     records one {@code poll} hands out at most (never splits an entry, so a
 *                               single entry larger than this is still handed out whole)
 * @param maxBytesPerBatch       entry bytes one {@code poll} hands out at most, whatever the record count:
 *                               bounds the consumer's heap per batch (a single larger entry is still
 *                               handed out whole, and an entry is at most one request body)
 * @param handOffCapacity        appends waiting for the group-commit thread at most (with {@code syncToDisk});
 *                               more wait in {@code append} until {@code appendTimeout}
 * @param rollCycle              the name of a Chronicle roll cycle ({@code FAST_HOURLY}, {@code FAST_DAILY},
 *                               {@code TEST_SECONDLY} for tests); retention deletes whole cycles
 * @param retentionCheckInterval how often consumed cycles are looked for
 * @param syncToDisk             when true, every group of appends is {@code msync}ed before the appends
 *                               return, so acknowledged records survive a power loss and not only a
 *                               process crash (about 6k instead of 100k single-record appends/s
 *                               with 4 threads on the development machine; group commit shares one
 *                               msync among the appends waiting together, on a writer thread of its
 *                               own); when false, each request thread writes its own entry under a lock
 * @param streamName             the stream name under which consumer positions are stored
 */
public record ChronicleSettings(
        Path directory,
        long maxBacklogRecords,
        Duration retention,
        Duration appendTimeout,
        Duration retryAfter,
        int maxRecordsPerBatch,
        long maxBytesPerBatch,
        int handOffCapacity,
        String rollCycle,
        Duration retentionCheckInterval,
        boolean syncToDisk,
        String streamName) {

    public static final String DEFAULT_STREAM = "chronicle";
    /** 8 MiB of entries per consumer batch: thousands of ordinary events, a few hundred of the largest. */
    public static final long DEFAULT_MAX_BYTES_PER_BATCH = 8L * 1024 * 1024;

    public ChronicleSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(appendTimeout, "appendTimeout");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        Objects.requireNonNull(streamName, "streamName");
        if (maxBacklogRecords < 1) {
            throw new IllegalArgumentException("maxBacklogRecords must be positive");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative");
        }
        if (appendTimeout.isNegative() || appendTimeout.isZero()) {
            throw new IllegalArgumentException("appendTimeout must be positive");
        }
        if (maxRecordsPerBatch < 1) {
            throw new IllegalArgumentException("maxRecordsPerBatch must be positive");
        }
        if (maxBytesPerBatch < 1) {
            throw new IllegalArgumentException("maxBytesPerBatch must be positive");
        }
        if (handOffCapacity < 1) {
            throw new IllegalArgumentException("handOffCapacity must be positive");
        }
        if (retentionCheckInterval.isNegative() || retentionCheckInterval.isZero()) {
            throw new IllegalArgumentException("retentionCheckInterval must be positive");
        }
        if (streamName.isEmpty()) {
            throw new IllegalArgumentException("streamName must not be empty");
        }
        RollCycleByName.resolve(rollCycle);
    }

    /** Sensible single-node values: 10 M records of backlog, hourly files kept a day after consumption. */
    public static ChronicleSettings defaults(Path directory) {
        return new ChronicleSettings(directory, 10_000_000L, Duration.ofHours(24), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 5_000, DEFAULT_MAX_BYTES_PER_BATCH, 4_096, "FAST_HOURLY", Duration.ofMinutes(1), false, DEFAULT_STREAM);
    }

    public ChronicleSettings withMaxBacklogRecords(long value) {
        return new ChronicleSettings(directory, value, retention, appendTimeout, retryAfter, maxRecordsPerBatch,
                maxBytesPerBatch, handOffCapacity, rollCycle, retentionCheckInterval, syncToDisk, streamName);
    }

    public ChronicleSettings withRetention(Duration value, Duration checkInterval) {
        return new ChronicleSettings(directory, maxBacklogRecords, value, appendTimeout, retryAfter, maxRecordsPerBatch,
                maxBytesPerBatch, handOffCapacity, rollCycle, checkInterval, syncToDisk, streamName);
    }

    public ChronicleSettings withRollCycle(String value) {
        return new ChronicleSettings(directory, maxBacklogRecords, retention, appendTimeout, retryAfter, maxRecordsPerBatch,
                maxBytesPerBatch, handOffCapacity, value, retentionCheckInterval, syncToDisk, streamName);
    }

    public ChronicleSettings withMaxRecordsPerBatch(int value) {
        return new ChronicleSettings(directory, maxBacklogRecords, retention, appendTimeout, retryAfter, value,
                maxBytesPerBatch, handOffCapacity, rollCycle, retentionCheckInterval, syncToDisk, streamName);
    }

    public ChronicleSettings withSyncToDisk(boolean value) {
        return new ChronicleSettings(directory, maxBacklogRecords, retention, appendTimeout, retryAfter, maxRecordsPerBatch,
                maxBytesPerBatch, handOffCapacity, rollCycle, retentionCheckInterval, value, streamName);
    }

    public ChronicleSettings withAppendTimeout(Duration value) {
        return new ChronicleSettings(directory, maxBacklogRecords, retention, value, retryAfter, maxRecordsPerBatch,
                maxBytesPerBatch, handOffCapacity, rollCycle, retentionCheckInterval, syncToDisk, streamName);
    }

    public ChronicleSettings withMaxBytesPerBatch(long value) {
        return new ChronicleSettings(directory, maxBacklogRecords, retention, appendTimeout, retryAfter, maxRecordsPerBatch,
                value, handOffCapacity, rollCycle, retentionCheckInterval, syncToDisk, streamName);
    }
}

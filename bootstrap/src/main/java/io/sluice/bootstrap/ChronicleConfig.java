package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import io.sluice.adapters.chronicle.ChronicleSettings;
import java.nio.file.Path;

/** The {@code chronicle} section: the single-node buffer under {@code <dataDir>/buffer}. */
public final class ChronicleConfig {

    /** Records appended but not yet stored before ingress answers 503 instead of filling the disk. */
    @JsonProperty
    @Min(1)
    private long maxBacklogRecords = 5_000_000;

    /** How long consumed queue files are kept (for inspection) before they are deleted. */
    @JsonProperty
    @NotNull
    private Duration retention = Duration.hours(1);

    /** How long a request waits for its append before answering 503. */
    @JsonProperty
    @NotNull
    private Duration appendTimeout = Duration.seconds(2);

    @JsonProperty
    @Min(1)
    private int maxBatchRecords = 2_500;

    /**
     * Queue bytes one consumer batch reads at most (an entry, one request, is never split): the
     * consumer's heap follows this, not the record count. Half the reader's own default: the
     * consumer holds two batches while their transactions overlap, and 5,000-record batches, two at
     * a time, cost six times the GC work of half-size ones under a 512 MB heap (docs/benchmarks.md,
     * "Late night of 2026-12-03").
     */
    @JsonProperty
    @NotNull
    private DataSize maxBatchBytes = DataSize.bytes(ChronicleSettings.DEFAULT_MAX_BYTES_PER_BATCH / 2);

    /**
     * Sync each group of appends to disk before acknowledging: survives a power loss, not only a
     * process crash, at about a fifteenth of the append rate on small requests.
     */
    @JsonProperty
    private boolean syncToDisk;

    /** The adapter's settings for a queue under {@code directory}. */
    ChronicleSettings settings(Path directory) {
        return ChronicleSettings.defaults(directory)
                .withMaxBacklogRecords(maxBacklogRecords)
                .withRetention(retention.toJavaDuration(), java.time.Duration.ofMinutes(1))
                .withMaxRecordsPerBatch(maxBatchRecords)
                .withMaxBytesPerBatch(Math.max(1, maxBatchBytes.toBytes()))
                .withSyncToDisk(syncToDisk)
                .withAppendTimeout(appendTimeout.toJavaDuration());
    }

    public long maxBacklogRecords() {
        return maxBacklogRecords;
    }

    public java.time.Duration retention() {
        return retention.toJavaDuration();
    }

    public java.time.Duration appendTimeout() {
        return appendTimeout.toJavaDuration();
    }

    public int maxBatchRecords() {
        return maxBatchRecords;
    }
}

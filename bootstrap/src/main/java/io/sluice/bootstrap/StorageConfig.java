package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.sluice.application.port.in.StorageRetention;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;

/**
 * The {@code storage} section: retention of each data family (whole UTC days), where archived raw
 * days go and at what pace, how often maintenance runs, and the free-disk floor under which ingress refuses.
 */
public final class StorageConfig {

    @JsonProperty
    @NotNull
    private Duration hotRetention = Duration.days(7);

    @JsonProperty
    @NotNull
    private Duration lateWindow = Duration.days(7);

    @JsonProperty
    @NotNull
    private Duration aggregateRetention = Duration.days(400);

    @JsonProperty
    @NotNull
    private Duration deadLetterRetention = Duration.days(30);

    @JsonProperty
    @NotNull
    private Duration pipelineMetricsRetention = Duration.days(30);

    @JsonProperty
    @NotNull
    private Duration restoreHold = Duration.days(1);

    /** 0: no scheduled maintenance (the admin task still runs it). */
    @JsonProperty
    @NotNull
    private Duration maintenanceInterval = Duration.hours(1);

    /** Empty: {@code file:<dataDir>/archive}. */
    @JsonProperty
    private String archiveUri = "";

    /** For S3-compatible stores (path-style access); empty for AWS S3. */
    @JsonProperty
    private String archiveS3Endpoint = "";

    /**
     * Rows per second moved from the hot store to the archive; 0: as fast as they go. The default is
     * above what a 2-core cell ingests (~12.5k events/s), so the archive keeps up with a day's ingest.
     */
    @JsonProperty
    @Min(0)
    private long archiveRowsPerSecond = 20_000;

    @JsonProperty
    @NotNull
    private DataSize minFreeDisk = DataSize.gibibytes(1);

    public StorageRetention retention() {
        return new StorageRetention(hotRetention.toJavaDuration(), lateWindow.toJavaDuration(), aggregateRetention.toJavaDuration(),
                deadLetterRetention.toJavaDuration(), pipelineMetricsRetention.toJavaDuration(), restoreHold.toJavaDuration());
    }

    public java.time.Duration maintenanceInterval() {
        return maintenanceInterval.toJavaDuration();
    }

    public URI archiveUri(Path dataDir) {
        return archiveUri == null || archiveUri.isBlank() ? dataDir.resolve("archive").toAbsolutePath().toUri() : URI.create(archiveUri.trim());
    }

    public URI archiveS3Endpoint() {
        return archiveS3Endpoint == null || archiveS3Endpoint.isBlank() ? null : URI.create(archiveS3Endpoint.trim());
    }

    public long archiveRowsPerSecond() {
        return archiveRowsPerSecond;
    }

    public long minFreeDiskBytes() {
        return minFreeDisk.toBytes();
    }
}

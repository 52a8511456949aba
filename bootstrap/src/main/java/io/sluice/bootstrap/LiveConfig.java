package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.sluice.adapters.http.LiveSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code live} section: the live view ({@code GET /v1/live}) and the console that shows it.
 * Every field has a default, so config files need not mention it.
 */
public final class LiveConfig {

    /** Off: neither {@code /v1/live} nor {@code /console} is served. */
    @JsonProperty
    private boolean enabled = true;

    @JsonProperty
    @Min(0)
    @Max(1000)
    private int maxViewers = 16;

    @JsonProperty
    @Min(1)
    private int queueEvents = 10_000;

    @JsonProperty
    @NotNull
    private DataSize queueSize = DataSize.mebibytes(4);

    @JsonProperty
    @NotNull
    private Duration heartbeat = Duration.seconds(10);

    /** Records a second the live view shows, all viewers together; the rest are counted as skipped, never encoded. */
    @JsonProperty
    @Min(1)
    private int itemsPerSecond = LiveSettings.DEFAULT_ITEMS_PER_SECOND;

    public boolean enabled() {
        return enabled;
    }

    LiveSettings settings() {
        return new LiveSettings(maxViewers, queueEvents, queueSize.toBytes(), heartbeat.toJavaDuration(), itemsPerSecond);
    }
}

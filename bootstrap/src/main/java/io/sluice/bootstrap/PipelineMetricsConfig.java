package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code pipelineMetrics} section: periodic snapshots into seed 003's {@code pipeline_metrics} table. */
public final class PipelineMetricsConfig {

    @JsonProperty
    private boolean enabled = true;

    @JsonProperty
    @NotNull
    private Duration interval = Duration.seconds(60);

    public boolean enabled() {
        return enabled;
    }

    public java.time.Duration interval() {
        return interval.toJavaDuration();
    }
}

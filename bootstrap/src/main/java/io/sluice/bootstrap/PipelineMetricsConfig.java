package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The {@code pipelineMetrics} section: periodic snapshots into seed 003's {@code pipeline_metrics} table. */
public final class PipelineMetricsConfig {

    @JsonProperty
    private boolean enabled = true;

    @JsonProperty
    @NotNull
    private Duration interval = Duration.seconds(60);

    /** Names this instance in the rows; by default the host and the application port, as the environment gives them. */
    @JsonProperty
    @NotBlank
    private String instance = environmentInstance();

    public boolean enabled() {
        return enabled;
    }

    public java.time.Duration interval() {
        return interval.toJavaDuration();
    }

    public String instance() {
        return instance;
    }

    /** HOSTNAME (containers set it) and SLUICE_HTTP_PORT, the variable config.yml reads the port from. */
    private static String environmentInstance() {
        String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        return host + ":" + System.getenv().getOrDefault("SLUICE_HTTP_PORT", "8080");
    }
}

package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.sluice.domain.deadletter.DeadLetterPolicy;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

/** The {@code consumer} section: the workers that move the buffer into PostgreSQL. */
public final class ConsumerConfig {

    /**
     * Off makes an ingest-only node: it accepts and buffers, and another node (Kafka mode) or a
     * later start of this one (Chronicle mode, same data directory) stores what it buffered.
     */
    @JsonProperty
    private boolean enabled = true;

    @JsonProperty
    @NotEmpty
    private String group = "sluice";

    /** How long one poll waits for records; bounds the ingest-to-queryable latency at low rates. */
    @JsonProperty
    @NotNull
    private Duration pollWait = Duration.milliseconds(100);

    /** Attempts before a batch the database keeps refusing is split and its poison dead-lettered. */
    @JsonProperty
    @Min(1)
    private int maxAttempts = 5;

    @JsonProperty
    @NotNull
    private Duration initialBackoff = Duration.milliseconds(100);

    @JsonProperty
    @NotNull
    private Duration maxBackoff = Duration.seconds(30);

    /** How long shutdown waits for the batch in flight to commit. */
    @JsonProperty
    @NotNull
    private Duration shutdownGrace = Duration.seconds(10);

    /** With records waiting, no progress for this long turns the consumer health check unhealthy. */
    @JsonProperty
    @NotNull
    private Duration stallAfter = Duration.seconds(60);

    public java.time.Duration stallAfter() {
        return stallAfter.toJavaDuration();
    }

    public boolean enabled() {
        return enabled;
    }

    public String group() {
        return group;
    }

    public java.time.Duration pollWait() {
        return pollWait.toJavaDuration();
    }

    public java.time.Duration shutdownGrace() {
        return shutdownGrace.toJavaDuration();
    }

    public DeadLetterPolicy policy() {
        return new DeadLetterPolicy(maxAttempts, initialBackoff.toJavaDuration(), maxBackoff.toJavaDuration());
    }
}

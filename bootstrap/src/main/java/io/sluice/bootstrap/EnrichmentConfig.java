package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.domain.event.Enrichment;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;

/**
 * The {@code enrichment} section: seed 003's high-value flag, added by the consumer to purchases
 * before they are stored ({@code properties.is_high_value}, true when {@code properties.amount}
 * is over {@code highValueThreshold}).
 */
public final class EnrichmentConfig {

    @JsonProperty
    private boolean highValueFlag = true;

    @JsonProperty
    @NotNull
    private BigDecimal highValueThreshold = BigDecimal.valueOf(100);

    public Enrichment enrichment() {
        return highValueFlag ? new Enrichment(true, highValueThreshold) : Enrichment.NONE;
    }
}

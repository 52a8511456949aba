package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import jakarta.validation.constraints.NotNull;

/** The {@code ingress} section: limits of the HTTP ingestion routes. */
public final class IngressConfig {

    /** Requests with a larger body get 413 before the body is read. */
    @JsonProperty
    @NotNull
    private DataSize maxBodySize = DataSize.mebibytes(1);

    /**
     * Request bodies all ingestion routes may hold at once (each counted at its declared length, or
     * maxBodySize when undeclared); beyond it 503 with Retry-After, so concurrent large bodies
     * cannot run the heap out.
     */
    @JsonProperty
    @NotNull
    private DataSize maxInFlightBodySize = DataSize.mebibytes(16);

    public long maxInFlightBodyBytes() {
        return maxInFlightBodySize.toBytes();
    }

    public int maxBodyBytes() {
        return Math.toIntExact(maxBodySize.toBytes());
    }
}

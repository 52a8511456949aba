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

    public int maxBodyBytes() {
        return Math.toIntExact(maxBodySize.toBytes());
    }
}

package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.sluice.adapters.http.HttpAccess;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/** The {@code cors} section: which browser origins may call the API. No origins: CORS off. */
public final class CorsConfig {

    /** Origins such as {@code https://app.example.com}, or {@code *} for any. */
    @JsonProperty
    @NotNull
    private List<String> allowedOrigins = new ArrayList<>();

    @JsonProperty
    @NotNull
    private List<String> allowedMethods = new ArrayList<>(List.of("GET", "POST", "OPTIONS"));

    @JsonProperty
    @NotNull
    private List<String> allowedHeaders = new ArrayList<>(List.of("Content-Type", "Authorization", "X-Write-Key", "X-Api-Key"));

    @JsonProperty
    @NotNull
    private Duration maxAge = Duration.minutes(10);

    public HttpAccess.Cors settings() {
        List<String> origins = allowedOrigins.stream().filter(origin -> !origin.isBlank()).toList();
        return new HttpAccess.Cors(origins, allowedMethods, allowedHeaders, java.time.Duration.ofMillis(maxAge.toMilliseconds()));
    }
}

package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.adapters.http.HttpAccess;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rateLimit} section: token buckets for requests and for events per write key, or per
 * client address for anonymous requests, on the ingestion routes; over budget is 429 with
 * {@code Retry-After}.
 */
public final class RateLimitConfig {

    @JsonProperty
    private boolean enabled = true;

    /** Sustained requests per second per caller. */
    @JsonProperty
    @Min(1)
    private long requestsPerSecond = 1000;

    /** Requests a caller may send at once (the bucket's capacity). */
    @JsonProperty
    @Min(1)
    private long burst = 2000;

    /** Sustained items (events, messages, samples) per second per caller: one request of 500 events takes 500. */
    @JsonProperty
    @Min(1)
    private long eventsPerSecond = HttpAccess.RateLimit.DEFAULT_EVENTS_PER_SECOND;

    /** Items a caller may send at once; at least the per-request item limit (10,000). */
    @JsonProperty
    @Min(10_000)
    private long eventBurst = HttpAccess.RateLimit.DEFAULT_EVENT_BURST;

    /** Anonymous callers tracked at most; the least recently seen are forgotten first. */
    @JsonProperty
    @Min(1)
    private int maxClients = 100_000;

    /** Reverse proxies (addresses or CIDR blocks) whose X-Forwarded-For names the client. */
    @JsonProperty
    @NotNull
    private List<String> trustedProxies = new ArrayList<>();

    public HttpAccess.RateLimit settings() {
        return new HttpAccess.RateLimit(enabled, requestsPerSecond, burst, maxClients, trustedProxies, eventsPerSecond, eventBurst);
    }
}

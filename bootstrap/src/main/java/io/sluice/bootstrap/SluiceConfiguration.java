package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;

/**
 * The whole configuration ({@code config.yml}). Environment variables override it through
 * {@code ${SLUICE_…:-default}} placeholders in the file. Bootstrap turns each section into the
 * plain settings its adapter takes; no adapter sees this class.
 */
public final class SluiceConfiguration extends Configuration {

    /** Which buffer carries events from ingress to the consumers. */
    @JsonProperty
    @NotNull
    @Pattern(regexp = "chronicle|kafka", message = "must be chronicle or kafka")
    private String buffer = "chronicle";

    /** Where the Chronicle queue and the embedded PostgreSQL keep their files. */
    @JsonProperty
    @NotEmpty
    private String dataDir = "./data";

    @JsonProperty
    @Valid
    @NotNull
    private DatabaseConfig database = new DatabaseConfig();

    @JsonProperty
    @Valid
    @NotNull
    private ChronicleConfig chronicle = new ChronicleConfig();

    @JsonProperty
    @Valid
    @NotNull
    private KafkaConfig kafka = new KafkaConfig();

    @JsonProperty
    @Valid
    @NotNull
    private IngressConfig ingress = new IngressConfig();

    @JsonProperty
    @Valid
    @NotNull
    private ConsumerConfig consumer = new ConsumerConfig();

    @JsonProperty
    @Valid
    @NotNull
    private AuthConfig auth = new AuthConfig();

    @JsonProperty
    @Valid
    @NotNull
    private RateLimitConfig rateLimit = new RateLimitConfig();

    @JsonProperty
    @Valid
    @NotNull
    private CorsConfig cors = new CorsConfig();

    /** Serve {@code POST /bench/noop} (the benchmark's HTTP ceiling). Off except in the benchmark harness. */
    @JsonProperty
    private boolean benchmarkReferenceEndpoint;

    public boolean benchmarkReferenceEndpoint() {
        return benchmarkReferenceEndpoint;
    }

    @JsonProperty
    @Valid
    @NotNull
    private PrivacyConfig privacy = new PrivacyConfig();

    public PrivacyConfig privacy() {
        return privacy;
    }

    @JsonProperty
    @Valid
    @NotNull
    private PipelineMetricsConfig pipelineMetrics = new PipelineMetricsConfig();

    public PipelineMetricsConfig pipelineMetrics() {
        return pipelineMetrics;
    }

    @JsonProperty
    @NotNull
    @Valid
    private StorageConfig storage = new StorageConfig();

    public StorageConfig storage() {
        return storage;
    }

    @JsonProperty
    @Valid
    @NotNull
    private EnrichmentConfig enrichment = new EnrichmentConfig();

    public EnrichmentConfig enrichment() {
        return enrichment;
    }

    @JsonProperty
    @Valid
    @NotNull
    private LiveConfig live = new LiveConfig();

    public LiveConfig live() {
        return live;
    }

    @JsonProperty
    @Valid
    @NotNull
    private SchemasConfig schemas = new SchemasConfig();

    public SchemasConfig schemas() {
        return schemas;
    }

    public boolean kafkaBuffer() {
        return "kafka".equals(buffer);
    }

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public DatabaseConfig database() {
        return database;
    }

    public ChronicleConfig chronicle() {
        return chronicle;
    }

    public KafkaConfig kafka() {
        return kafka;
    }

    public IngressConfig ingress() {
        return ingress;
    }

    public ConsumerConfig consumer() {
        return consumer;
    }

    public AuthConfig auth() {
        return auth;
    }

    public RateLimitConfig rateLimit() {
        return rateLimit;
    }

    public CorsConfig cors() {
        return cors;
    }
}

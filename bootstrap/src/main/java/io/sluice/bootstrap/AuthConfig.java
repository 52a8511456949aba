package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.adapters.http.ApiKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code auth} section: API keys, stored as SHA-256 digests ({@code java -jar sluice.jar
 * hash-key <key>}), never in plain text. Ingestion routes need a write key when
 * {@code required}; read routes (queries, stats, dead letters) always need a read key, and
 * {@code GET /api/v1/metrics} where ingestion needs a key; replay needs an admin key. An entry whose digest is blank is skipped, so
 * {@code sha256: "${SLUICE_READ_KEY_SHA256:-}"} adds a key only when the variable is set.
 */
public final class AuthConfig {

    /** Empty (no key) or a SHA-256 digest; checked here so that {@code check} refuses what {@code server} would. */
    private static final String DIGEST = "^\\s*([0-9a-fA-F]{64})?\\s*$";
    private static final String DIGEST_MESSAGE =
            "must be empty or a SHA-256 digest of 64 hex digits (print one with: java -jar sluice.jar hash-key <key>)";

    /** A write key: its source names the events sent with it. */
    public static final class WriteKeyConfig {
        @JsonProperty
        @NotNull
        @Size(min = 1, max = 100)
        private String source = "";

        @JsonProperty
        @NotNull
        @Pattern(regexp = DIGEST, message = DIGEST_MESSAGE)
        private String sha256 = "";
    }

    /** A read key, named for the operator. */
    public static final class ReadKeyConfig {
        @JsonProperty
        @NotNull
        private String name = "";

        @JsonProperty
        @NotNull
        @Pattern(regexp = DIGEST, message = DIGEST_MESSAGE)
        private String sha256 = "";
    }

    /** An admin (operator) key: dead-letter replay, and every read route. */
    public static final class AdminKeyConfig {
        @JsonProperty
        @NotNull
        private String name = "";

        @JsonProperty
        @NotNull
        @Pattern(regexp = DIGEST, message = DIGEST_MESSAGE)
        private String sha256 = "";
    }

    /** Ingestion without a write key is refused (401). Off: accepted anonymously, limited per client address. */
    @JsonProperty
    private boolean required = true;

    @JsonProperty
    @Valid
    @NotNull
    private List<WriteKeyConfig> writeKeys = new ArrayList<>();

    @JsonProperty
    @Valid
    @NotNull
    private List<ReadKeyConfig> readKeys = new ArrayList<>();

    @JsonProperty
    @Valid
    @NotNull
    private List<AdminKeyConfig> adminKeys = new ArrayList<>();

    public boolean required() {
        return required;
    }

    /** @throws IllegalArgumentException for a digest that is not 64 hex digits, or a bad source name */
    public ApiKeys keys() {
        List<ApiKeys.WriteKey> writes = new ArrayList<>();
        for (WriteKeyConfig key : writeKeys) {
            if (!key.sha256.isBlank()) {
                writes.add(new ApiKeys.WriteKey(key.source, key.sha256));
            }
        }
        List<ApiKeys.ReadKey> reads = new ArrayList<>();
        for (ReadKeyConfig key : readKeys) {
            if (!key.sha256.isBlank()) {
                reads.add(new ApiKeys.ReadKey(key.name, key.sha256));
            }
        }
        List<ApiKeys.AdminKey> admins = new ArrayList<>();
        for (AdminKeyConfig key : adminKeys) {
            if (!key.sha256.isBlank()) {
                admins.add(new ApiKeys.AdminKey(key.name, key.sha256));
            }
        }
        return new ApiKeys(writes, reads, admins);
    }
}

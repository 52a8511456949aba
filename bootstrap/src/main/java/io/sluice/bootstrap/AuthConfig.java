package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.adapters.http.ApiKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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

    /** A key as configured: its digest, checked the same way for every kind of key. */
    abstract static class KeyConfig {
        @JsonProperty
        @NotNull
        @Pattern(regexp = DIGEST, message = DIGEST_MESSAGE)
        String sha256 = "";
    }

    /** A write key: its source names the events sent with it. */
    public static final class WriteKeyConfig extends KeyConfig {
        @JsonProperty
        @NotNull
        @Size(min = 1, max = 100)
        private String source = "";
    }

    /** A read key or an admin (operator) key, named for the operator; an admin key also reads. */
    public static final class NamedKeyConfig extends KeyConfig {
        @JsonProperty
        @NotNull
        private String name = "";
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
    private List<NamedKeyConfig> readKeys = new ArrayList<>();

    @JsonProperty
    @Valid
    @NotNull
    private List<NamedKeyConfig> adminKeys = new ArrayList<>();

    public boolean required() {
        return required;
    }

    /** @throws IllegalArgumentException for a digest that is not 64 hex digits, or a bad source name */
    public ApiKeys keys() {
        return new ApiKeys(configured(writeKeys, key -> new ApiKeys.WriteKey(key.source, key.sha256)),
                configured(readKeys, key -> new ApiKeys.ReadKey(key.name, key.sha256)),
                configured(adminKeys, key -> new ApiKeys.AdminKey(key.name, key.sha256)));
    }

    /** The entries with a digest: a blank one is an unset variable, not a key. */
    private static <C extends KeyConfig, K> List<K> configured(List<C> entries, Function<C, K> key) {
        List<K> keys = new ArrayList<>();
        for (C entry : entries) {
            if (!entry.sha256.isBlank()) {
                keys.add(key.apply(entry));
            }
        }
        return keys;
    }
}

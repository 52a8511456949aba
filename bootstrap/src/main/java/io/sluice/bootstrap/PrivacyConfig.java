package io.sluice.bootstrap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.domain.privacy.PiiAction;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.domain.privacy.PiiRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code privacy} section: personal-data fields hashed (keyed HMAC-SHA-256) or redacted in
 * every incoming document, HTTP bodies and foreign Kafka records alike, before anything is
 * buffered, stored or dead-lettered. Paths name fields as the client sends them
 * ({@code properties.email}, {@code context.ip}, {@code traits.phone}, {@code user_id}).
 */
public final class PrivacyConfig {

    /** The HMAC key; required (16+ bytes) when any rule hashes. Keep it secret and stable: changing it changes every hash. */
    @JsonProperty
    @NotNull
    private String hashKey = "";

    @JsonProperty
    @Valid
    @NotNull
    private List<Rule> rules = new ArrayList<>();

    /** One protected field. */
    public static final class Rule {
        @JsonProperty
        @NotEmpty
        private String path;

        @JsonProperty
        @NotNull
        @Pattern(regexp = "hash|redact", message = "must be hash or redact")
        private String action = "hash";
    }

    PiiPolicy policy() {
        List<PiiRule> piiRules = new ArrayList<>();
        for (Rule rule : rules) {
            piiRules.add(PiiRule.of(rule.path, PiiAction.fromLabel(rule.action)));
        }
        return piiRules.isEmpty() ? PiiPolicy.NONE : PiiPolicy.of(piiRules, hashKey.getBytes(StandardCharsets.UTF_8));
    }
}

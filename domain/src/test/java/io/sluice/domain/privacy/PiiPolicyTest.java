package io.sluice.domain.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiPolicyTest {

    private static final byte[] KEY = "a-test-key-of-32-bytes-exactly!!".getBytes(StandardCharsets.UTF_8);

    private final PiiPolicy policy = PiiPolicy.of(List.of(
            PiiRule.of("properties.email", PiiAction.HASH),
            PiiRule.of("context.ip", PiiAction.REDACT),
            PiiRule.of("user_id", PiiAction.HASH)), KEY);

    @Test
    void hashes_and_redacts_nested_fields_without_touching_the_input() {
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("email", "ada@example.com", "page", "/home"));
        Map<String, Object> document = new LinkedHashMap<>(Map.of("user_id", "u1", "properties", properties,
                "context", Map.of("ip", "203.0.113.9", "locale", "en")));

        Map<String, Object> protectedDoc = policy.apply(document);

        @SuppressWarnings("unchecked")
        Map<String, Object> protectedProperties = (Map<String, Object>) protectedDoc.get("properties");
        assertThat((String) protectedProperties.get("email")).startsWith(PiiPolicy.HASH_PREFIX).doesNotContain("ada");
        assertThat(protectedProperties.get("page")).isEqualTo("/home");
        assertThat(((Map<?, ?>) protectedDoc.get("context")).get("ip")).isEqualTo(PiiPolicy.REDACTED);
        assertThat(((Map<?, ?>) protectedDoc.get("context")).get("locale")).isEqualTo("en");
        assertThat((String) protectedDoc.get("user_id")).startsWith(PiiPolicy.HASH_PREFIX);
        assertThat(properties.get("email")).isEqualTo("ada@example.com");
        assertThat(document.get("user_id")).isEqualTo("u1");
    }

    @Test
    void equal_values_hash_equally_and_the_key_matters() {
        Map<String, Object> a = policy.apply(Map.of("user_id", "u1"));
        Map<String, Object> b = policy.apply(Map.of("user_id", "u1"));
        Map<String, Object> c = policy.apply(Map.of("user_id", "u2"));
        PiiPolicy otherKey = PiiPolicy.of(List.of(PiiRule.of("user_id", PiiAction.HASH)),
                "another-key-of-enough-length!!!!".getBytes(StandardCharsets.UTF_8));
        assertThat(a.get("user_id")).isEqualTo(b.get("user_id")).isNotEqualTo(c.get("user_id"));
        assertThat(otherKey.apply(Map.of("user_id", "u1")).get("user_id")).isNotEqualTo(a.get("user_id"));
    }

    @Test
    void the_event_data_synonym_is_covered_and_untouched_documents_are_returned_as_they_are() {
        Map<String, Object> seed003 = Map.of("user_id", "u1", "event_data", Map.of("email", "x@example.com"));
        assertThat(((Map<?, ?>) policy.apply(seed003).get("event_data")).get("email")).asString().startsWith(PiiPolicy.HASH_PREFIX);

        Map<String, Object> clean = Map.of("event_type", "click", "properties", Map.of("page", "/"));
        assertThat(PiiPolicy.of(List.of(PiiRule.of("properties.email", PiiAction.REDACT)), new byte[0]).apply(clean)).isSameAs(clean);
    }

    @Test
    void a_hashing_policy_needs_a_real_key() {
        assertThatThrownBy(() -> PiiPolicy.of(List.of(PiiRule.of("user_id", PiiAction.HASH)), new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PiiRule.of("properties..email", PiiAction.HASH)).isInstanceOf(IllegalArgumentException.class);
    }
}

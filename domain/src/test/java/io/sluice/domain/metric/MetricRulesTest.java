package io.sluice.domain.metric;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.domain.event.Validated;
import io.sluice.domain.event.Violation;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MetricRulesTest {

    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    private final MetricRules rules = new MetricRules(new SplittableRandom(5));

    private static MetricDraft draft(Object name, Object value, Object timestamp, Object labels) {
        return new MetricDraft(null, name, value, timestamp, labels, null);
    }

    private MetricSample valid(MetricDraft draft) {
        Validated<MetricSample> validated = rules.validate(draft, NOW);
        assertThat(validated).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<MetricSample>) validated).value();
    }

    private List<String> fields(MetricDraft draft) {
        Validated<MetricSample> validated = rules.validate(draft, NOW);
        assertThat(validated).as("expected a rejection").isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<MetricSample>) validated).violations().stream().map(Violation::field).toList();
    }

    @Test
    void aSeedOneSampleIsValid() {
        MetricSample sample = valid(draft("cpu_usage", 75.5, "2024-01-15T09:59:00Z", Map.of("host", "server-1", "region", "us-east")));

        assertThat(sample.name()).isEqualTo(new MetricName("cpu_usage"));
        assertThat(sample.value()).isEqualTo(75.5);
        assertThat(sample.timestamp()).isEqualTo(Instant.parse("2024-01-15T09:59:00Z"));
        assertThat(sample.receivedAt()).isEqualTo(NOW);
        assertThat(sample.labels()).isEqualTo(MetricLabels.of(Map.of("region", "us-east", "host", "server-1")));
        assertThat(UUID.fromString(sample.id()).version()).isEqualTo(7);
    }

    @Test
    void defaultsTimestampAndLabelsAndKeepsAGivenId() {
        MetricSample sample = valid(new MetricDraft("sample-1", "requests", 3, null, null, NOW.minusSeconds(60)));
        assertThat(sample.id()).isEqualTo("sample-1");
        assertThat(sample.timestamp()).isEqualTo(NOW.minusSeconds(60));
        assertThat(sample.receivedAt()).isEqualTo(NOW.minusSeconds(60));
        assertThat(sample.labels()).isEqualTo(MetricLabels.NONE);
    }

    @Test
    void integersNegativesZeroAndDecimalsAreValues() {
        assertThat(valid(draft("x", 0, null, null)).value()).isZero();
        assertThat(valid(draft("x", -12, null, null)).value()).isEqualTo(-12);
        assertThat(valid(draft("x", new BigDecimal("0.125"), null, null)).value()).isEqualTo(0.125);
    }

    @Test
    void nameAndValueAreRequired() {
        assertThat(fields(draft(null, null, null, null))).containsExactly("name", "value");
    }

    @Test
    void theValueIsAFiniteNumber() {
        assertThat(fields(draft("x", "75.5", null, null))).containsExactly("value");
        assertThat(fields(draft("x", Double.NaN, null, null))).containsExactly("value");
        assertThat(fields(draft("x", Double.NEGATIVE_INFINITY, null, null))).containsExactly("value");
        assertThat(fields(draft("x", new BigDecimal("1e999"), null, null))).containsExactly("value");
        assertThat(fields(draft("x", true, null, null))).containsExactly("value");
    }

    @Test
    void theNameIsAStringOfAtMost255Characters() {
        assertThat(valid(draft("n".repeat(255), 1, null, null)).name().value()).hasSize(255);
        assertThat(fields(draft("n".repeat(256), 1, null, null))).containsExactly("name");
        assertThat(fields(draft("", 1, null, null))).containsExactly("name");
        assertThat(fields(draft(5, 1, null, null))).containsExactly("name");
        assertThat(fields(draft("cpu\u0000", 1, null, null))).containsExactly("name");
    }

    @Test
    void timestampsFollowTheEventRules() {
        assertThat(valid(draft("x", 1, "2024-01-15T11:00:00+01:00", null)).timestamp()).isEqualTo(NOW);
        assertThat(valid(draft("x", 1, "2024-01-15T10:00:00", null)).timestamp()).isEqualTo(NOW);
        assertThat(fields(draft("x", 1, "soon", null))).containsExactly("timestamp");
        assertThat(fields(draft("x", 1, NOW.plus(Duration.ofHours(25)).toString(), null))).containsExactly("timestamp");
    }

    @Test
    void labelsAreAnObjectOfShortStrings() {
        assertThat(fields(draft("x", 1, null, List.of("a")))).containsExactly("labels");
        assertThat(fields(draft("x", 1, null, Map.of("host", 1)))).containsExactly("labels.host");
        assertThat(fields(draft("x", 1, null, Map.of("host", "h".repeat(256))))).containsExactly("labels.host");
        assertThat(valid(draft("x", 1, null, Map.of("host", "h".repeat(255)))).labels().asMap().get("host")).hasSize(255);
        assertThat(fields(draft("x", 1, null, Map.of("", "v")))).containsExactly("labels.");
        assertThat(fields(draft("x", 1, null, Map.of("k".repeat(101), "v")))).hasSize(1);
    }

    @Test
    void atMost32Labels() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 32; i++) {
            labels.put("k" + i, "v");
        }
        assertThat(valid(draft("x", 1, null, labels)).labels().asMap()).hasSize(32);
        labels.put("one_more", "v");
        assertThat(fields(draft("x", 1, null, labels))).containsExactly("labels");
    }

    @Test
    void labelNamesAndValuesMustBeStorable() {
        assertThat(fields(draft("x", 1, null, Map.of("host", "a\u0000")))).containsExactly("labels.host");
        assertThat(fields(draft("x", 1, null, Map.of("ho\u0000st", "a")))).hasSize(1);
        assertThat(fields(draft("x", 1, null, Map.of("\ud800", "a")))).hasSize(1);
    }

    @Test
    void everyBrokenRuleIsReportedAtOnce() {
        assertThat(fields(draft(null, "x", "never", Map.of("a", 1, "b", 2))))
                .containsExactlyInAnyOrder("name", "value", "timestamp", "labels.a", "labels.b");
    }
}

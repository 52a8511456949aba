package io.sluice.domain.metric;

import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.UuidV7;
import io.sluice.domain.event.Validated;
import io.sluice.domain.event.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** The rules a metric sample must satisfy (DESIGN §3). Immutable and thread-safe if the random generator is. */
public final class MetricRules {

    private final RandomGenerator random;

    public MetricRules(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public Validated<MetricSample> validate(MetricDraft draft, Instant now) {
        List<Violation> violations = new ArrayList<>(2);
        Instant receivedAt = draft.receivedAt() != null ? draft.receivedAt() : now;

        String id = draft.id() instanceof String text && !text.isEmpty() && text.length() <= 100
                ? text : UuidV7.next(receivedAt.toEpochMilli(), random).value();

        MetricName name = null;
        if (draft.name() == null) {
            violations.add(new Violation("name", "is required"));
        } else {
            String text = EventRules.checkedText(draft.name(), "name", MetricName.MAX_LENGTH, violations);
            if (text != null) {
                name = new MetricName(text);
            }
        }

        double value = 0;
        if (draft.value() == null) {
            violations.add(new Violation("value", "is required"));
        } else if (!(draft.value() instanceof Number number)) {
            violations.add(new Violation("value", "must be a number"));
        } else if (!Double.isFinite(number.doubleValue())) {
            violations.add(new Violation("value", "must be a finite number"));
        } else {
            value = number.doubleValue();
        }

        Instant timestamp = receivedAt;
        if (draft.timestamp() != null) {
            timestamp = EventRules.checkedTimestamp(draft.timestamp(), "timestamp", receivedAt, violations);
        }

        MetricLabels labels = labels(draft.labels(), violations);

        if (!violations.isEmpty()) {
            return Validated.invalid(violations);
        }
        return Validated.valid(new MetricSample(id, name, value, timestamp, receivedAt, labels));
    }

    private static MetricLabels labels(Object value, List<Violation> violations) {
        if (value == null) {
            return MetricLabels.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            violations.add(new Violation("labels", "must be a JSON object of strings"));
            return MetricLabels.NONE;
        }
        if (map.size() > MetricLabels.MAX_LABELS) {
            violations.add(new Violation("labels", "must have at most " + MetricLabels.MAX_LABELS + " labels"));
            return MetricLabels.NONE;
        }
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String field = "labels." + key;
            // Label names are stored too (JSONB): the same NUL and surrogate rules as every text.
            if (EventRules.checkedText(key, field, 100, violations) == null) {
                continue;
            }
            String text = EventRules.checkedText(entry.getValue(), field, 255, violations);
            if (text != null) {
                labels.put(key, text);
            }
        }
        return MetricLabels.of(labels);
    }
}

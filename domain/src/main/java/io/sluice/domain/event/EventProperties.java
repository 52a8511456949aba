package io.sluice.domain.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The free-form attributes of an event (Segment's {@code properties}, seed 003's
 * {@code event_data}), as a JSON object in JDK types: {@code String}, {@code Number},
 * {@code Boolean}, {@code null}, {@code List} and {@code Map}. The map is an unmodifiable
 * shallow copy, so the value is immutable as long as its creator does not keep mutating the
 * nested lists and maps it passed in; every adapter builds fresh ones. Thread-safe.
 */
public final class EventProperties {

    public static final EventProperties EMPTY = new EventProperties(Map.of());

    private final Map<String, Object> values;

    private EventProperties(Map<String, Object> values) {
        this.values = values;
    }

    public static EventProperties of(Map<String, ?> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        return new EventProperties(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy with one more attribute; used by enrichment, which never edits in place. */
    public EventProperties with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new EventProperties(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EventProperties that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

package io.sluice.domain.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The free-form attributes of an event (Segment's {@code properties}, seed 003's
 * {@code event_data}), as a JSON object in JDK types: {@code String}, {@code Number},
 * {@code Boolean}, {@code null}, {@code List} and {@code Map}. The map is an unmodifiable
 * shallow copy, so the value is immutable as long as its creator does not keep mutating the
 * nested lists and maps it passed in; every adapter builds fresh ones. It may also carry the JSON
 * text the client encoded the object as, so that an adapter can write the client's encoding again
 * instead of encoding the map (at ingress, encoding the properties cost more than parsing them);
 * that text is not part of the value: equality is the map's. Thread-safe.
 */
public final class EventProperties {

    public static final EventProperties EMPTY = new EventProperties(Map.of(), null);

    private final Map<String, Object> values;
    private final byte[] encoded;

    private EventProperties(Map<String, Object> values, byte[] encoded) {
        this.values = values;
        this.encoded = encoded;
    }

    public static EventProperties of(Map<String, ?> values) {
        return of(values, null);
    }

    /**
     * @param encoded the JSON text these values were parsed from, exactly one object, in UTF-8, or
     *                {@code null}; the caller vouches that it parses to {@code values} and hands
     *                the array over (it is not copied: this is the ingest path)
     */
    public static EventProperties of(Map<String, ?> values, byte[] encoded) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        return new EventProperties(Collections.unmodifiableMap(new LinkedHashMap<>(values)), encoded);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * The JSON text the values were parsed from, in UTF-8, or {@code null} when it is not known.
     * The array is shared, not copied: read it, never write to it.
     */
    public byte[] encoded() {
        return encoded;
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
        return new EventProperties(Collections.unmodifiableMap(copy), null);
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

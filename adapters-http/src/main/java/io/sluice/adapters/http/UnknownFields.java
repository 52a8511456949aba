package io.sluice.adapters.http;

import io.sluice.domain.event.EventDraft;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Top-level fields of a native event that are not fields of an event ({@code timestmap} for
 * {@code timestamp}): never dropped silently. They are kept in the event's properties under
 * {@value #KEY} (an object, field name to value as sent) and named per item in the answer as a
 * warning. One per request, used by the request's thread only.
 */
final class UnknownFields implements JsonItems.DraftReader<EventDraft> {

    /** Where unknown top-level fields are kept, inside {@code properties}. */
    static final String KEY = "_unknown_fields";

    private static final Set<String> EVENT_FIELDS = Set.of("event_id", "event_type", "user_id", "session_id", "timestamp",
            "duration_seconds", "properties", "event_data");

    private final JsonItems.DraftReader<EventDraft> drafts;
    /** The unknown fields of one item, and what became of them ({@code kept in properties._unknown_fields}). */
    record Found(List<String> fields, String fate) {
    }

    /** Draft to what was found in its item; made at the first item with an unknown field. */
    private Map<EventDraft, Found> found;

    UnknownFields(JsonItems.DraftReader<EventDraft> drafts) {
        this.drafts = drafts;
    }

    @Override
    public EventDraft draft(Map<String, Object> document, int sizeBytes, Function<String, byte[]> objectTexts) {
        Map<String, Object> unknown = null;
        for (Map.Entry<String, Object> field : document.entrySet()) {
            if (!EVENT_FIELDS.contains(field.getKey())) {
                if (unknown == null) {
                    unknown = new LinkedHashMap<>(4);
                }
                unknown.put(field.getKey(), field.getValue());
            }
        }
        if (unknown == null) {
            return drafts.draft(document, sizeBytes, objectTexts);
        }
        // The same field EventFields reads the properties from.
        String target = document.get("properties") != null || document.get("event_data") == null ? "properties" : "event_data";
        Object properties = document.get(target);
        String kept;
        Map<String, Object> withUnknown = document;
        if (properties == null || properties instanceof Map<?, ?> map && !map.containsKey(KEY)) {
            Map<String, Object> extended = properties == null ? new LinkedHashMap<>(2) : new LinkedHashMap<>(asMap(properties));
            extended.put(KEY, unknown);
            withUnknown = new LinkedHashMap<>(document);
            withUnknown.put(target, extended);
            kept = "kept in " + target + "." + KEY;
        } else {
            kept = "not kept: " + target + (properties instanceof Map<?, ?> ? "." + KEY + " is taken" : " is not an object");
        }
        // The client's text of the properties no longer matches them: let the draft encode them again.
        EventDraft draft = drafts.draft(withUnknown, sizeBytes, withUnknown == document ? objectTexts : field -> null);
        if (found == null) {
            found = new IdentityHashMap<>(4);
        }
        found.put(draft, new Found(new ArrayList<>(unknown.keySet()), kept));
        return draft;
    }

    /** What was found in the item read into {@code draft}, or {@code null} when it had no unknown field. */
    Found of(EventDraft draft) {
        return found == null ? null : found.get(draft);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object properties) {
        return (Map<String, Object>) properties;
    }
}

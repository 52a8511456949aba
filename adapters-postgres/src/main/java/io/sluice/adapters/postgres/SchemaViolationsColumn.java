package io.sluice.adapters.postgres;

import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code schema_violations} column of {@code raw_events}: the violations an event was stored
 * with, a JSON array of {@code {"pointer","keyword","expected","message"}}, or SQL {@code NULL}
 * when there were none. The store's own shape, kept apart from the buffer's record format so that
 * neither changes with the other. Stateless and thread-safe.
 */
final class SchemaViolationsColumn {

    private SchemaViolationsColumn() {
    }

    /** The column's value for an event stamped so, or {@code null}. */
    static String json(SchemaStamp stamp) {
        if (!stamp.flagged()) {
            return null;
        }
        List<Map<String, String>> items = new ArrayList<>(stamp.violations().size());
        for (SchemaViolation violation : stamp.violations()) {
            Map<String, String> item = new LinkedHashMap<>(8);
            item.put("pointer", violation.pointer());
            item.put("keyword", violation.keyword());
            item.put("expected", violation.expected());
            item.put("message", violation.message());
            items.add(item);
        }
        return JsonCodec.write(items);
    }

    /** Reads {@link #json} back; an item that is not an object is skipped. */
    static SchemaStamp stamp(Integer version, String json) {
        if (version == null && json == null) {
            return SchemaStamp.NONE;
        }
        List<SchemaViolation> violations = new ArrayList<>();
        if (json != null && JsonCodec.readObject("{\"v\":" + json + "}").get("v") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof Map<?, ?> v) {
                    violations.add(new SchemaViolation(String.valueOf(v.get("pointer")), String.valueOf(v.get("keyword")),
                            String.valueOf(v.get("expected")), String.valueOf(v.get("message"))));
                }
            }
        }
        return new SchemaStamp(version != null && version >= 1 ? version : null, violations);
    }
}

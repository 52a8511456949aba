package io.sluice.adapters.http;

import io.sluice.domain.event.SchemaStamp;
import io.sluice.domain.event.SchemaViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How a stored event shows its schema check: the version it was validated against and its violations. Stateless. */
final class SchemaViews {

    private SchemaViews() {
    }

    static void addStamp(Map<String, Object> view, SchemaStamp stamp) {
        view.put("schema_version", stamp.version());
        List<Map<String, Object>> violations = new ArrayList<>(stamp.violations().size());
        for (SchemaViolation violation : stamp.violations()) {
            Map<String, Object> v = new LinkedHashMap<>(4);
            v.put("pointer", violation.pointer());
            v.put("keyword", violation.keyword());
            v.put("expected", violation.expected());
            v.put("message", violation.message());
            violations.add(v);
        }
        view.put("schema_violations", violations);
    }
}

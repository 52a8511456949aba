package io.sluice.adapters.recordformat;

import io.sluice.domain.event.SchemaStamp;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The schema documents of events that passed their schema, {@code {"version":n,"violations":[]}},
 * built once per version with their JSON text. Under enforcement every event carries one, and
 * building and encoding that map per event cost about a third as much as the validation itself
 * (JFR of bench/schemas, 2026-12-02). Immutable and thread-safe.
 */
final class CleanStamps {

    /** Versions up to this share prepared documents; later ones are built per call, as before. */
    private static final int PREPARED = 64;
    private static final CleanStamps[] BY_VERSION = new CleanStamps[PREPARED + 1];

    static {
        for (int version = 1; version <= PREPARED; version++) {
            BY_VERSION[version] = new CleanStamps(version);
        }
    }

    private final Map<String, Object> document;
    private final byte[] json;

    private CleanStamps(int version) {
        this.document = Collections.unmodifiableMap(RecordDocument.schemaDocument(new SchemaStamp(version, List.of())));
        this.json = ("{\"version\":" + version + ",\"violations\":[]}").getBytes(StandardCharsets.UTF_8);
    }

    static CleanStamps of(int version) {
        return version >= 1 && version <= PREPARED ? BY_VERSION[version] : new CleanStamps(version);
    }

    /** The document as JDK values, for encoders that write maps. */
    Map<String, Object> document() {
        return document;
    }

    /** The same document as UTF-8 JSON text; must not be modified. */
    byte[] json() {
        return json;
    }
}

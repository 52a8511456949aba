package io.sluice.adapters.recordformat;

import java.util.Map;

/**
 * Receives the fields of one record document, in order, as {@link RecordDocument#write} emits
 * them. It lets an adapter stream a document straight into its encoder (no intermediate map per
 * record, which cost the ingest path more than parsing the request) while the field names and
 * value types stay defined in one place, {@link RecordDocument}. Values are never {@code null};
 * an absent optional field is not emitted. Implementations are used by one thread at a time.
 */
public interface DocumentFields {

    void text(String name, String value);

    void integer(String name, int value);

    void decimal(String name, double value);

    /** A nested JSON object whose values are JDK types (String, Number, Boolean, null, List, Map). */
    void object(String name, Map<String, ?> value);

    /**
     * A nested object whose JSON text is known as well ({@code utf8Json} parses to {@code value});
     * an encoder may copy the text instead of encoding the map. Whitespace and escapes may then
     * differ from the map's encoding, the decoded value does not. The array must not be modified.
     */
    default void encodedObject(String name, Map<String, ?> value, byte[] utf8Json) {
        object(name, value);
    }
}

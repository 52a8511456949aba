package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one JSON object of an ingest body field by field, for {@link JsonItems} and {@link NdjsonItems}. Stateless. */
final class JsonObjects {

    private JsonObjects() {
    }

    /**
     * Reads the object the parser stands on (at {@code START_OBJECT}) into the JDK types Jackson's
     * untyped deserializer gives (the same as reading it as a {@code Map} whole; a test compares
     * the two), noting where each object-valued field lies in the bytes. Leaves the parser at the
     * object's {@code END_OBJECT}.
     */
    static Map<String, Object> read(JsonParser parser, ObjectTexts texts) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                int from = (int) parser.currentTokenLocation().getByteOffset();
                document.put(field, JsonCodec.VALUE_READER.readValue(parser));
                texts.put(field, from, JsonItems.end(parser));
                continue;
            }
            texts.remove(field);
            document.put(field, switch (token) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT -> parser.getNumberValue();
                case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> JsonCodec.VALUE_READER.readValue(parser);
            });
        }
        return document;
    }
}

package io.sluice.adapters.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON of JSONB columns and dead-letter payloads, in JDK types (maps, lists, strings, numbers).
 * Thread-safe: the mapper is configured once and only used to read and write.
 */
final class JsonCodec {

    // Characters beyond the BMP (an emoji) written as their UTF-8 bytes, not as Jackson's default surrogate-pair escape.
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonCodec() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    static byte[] writeBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException unwritable) {
            throw new UncheckedIOException(unwritable);
        }
    }

    static Map<String, Object> readObject(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /**
     * Any JSON value: a {@code Map} for an object, else a list, string, number, boolean or {@code null}.
     * Read from its text: Jackson's UTF-8 parser refuses a surrogate-pair escape in a field name
     * ({@code "\\ud83d\\ude80"}, how clients spell an emoji), its character parser reads it right.
     *
     * @throws IOException when the bytes are not UTF-8 or not JSON
     */
    static Object readAny(byte[] json) throws IOException {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json)).toString();
        return MAPPER.readValue(text, Object.class);
    }
}

package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.util.Map;

/**
 * The module's one JSON configuration, shared by every request: reading items into JDK maps and
 * writing response bodies. Responses are written with this mapper rather than the host's JSON
 * provider, so field names (snake_case, as built by the resources), ISO-8601 instants (written as
 * strings) and the error shape stay the same whatever the host configures. Thread-safe.
 */
final class JsonCodec {

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // Jersey owns the response stream; closing it from inside an entity writer is not ours to do.
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build());

    static final ObjectReader MAP_READER = MAPPER.readerFor(new TypeReference<Map<String, Object>>() { });

    /** Any JSON value as the JDK types of Jackson's untyped deserializer (the values of a MAP_READER map). */
    static final ObjectReader VALUE_READER = MAPPER.readerFor(Object.class);

    private static final ObjectWriter WRITER = MAPPER.writer();

    private JsonCodec() {
    }

    /**
     * A parser over a request body read as UTF-8 only. JSON on the wire is UTF-8 (RFC 8259), but
     * Jackson guesses UTF-16 or UTF-32 from zero bytes or a byte-order mark at the start, and a
     * parser on a guessed encoding has no byte offsets and fails on impossible characters (both
     * found by fuzzing). Such a body is refused as malformed JSON instead.
     *
     * @throws JsonParseException when the bytes cannot be UTF-8 JSON
     */
    static JsonParser utf8Parser(byte[] bytes, int offset, int length) throws IOException {
        if (looksLikeUtf16Or32(bytes, offset, length)) {
            throw new JsonParseException(null, "the body is not UTF-8: its first bytes hold a zero byte or a UTF-16/32 "
                    + "byte-order mark; send JSON encoded in UTF-8");
        }
        return MAPPER.createParser(bytes, offset, length);
    }

    private static boolean looksLikeUtf16Or32(byte[] bytes, int offset, int length) {
        // A zero byte can never appear in UTF-8 JSON text; FE FF / FF FE start UTF-16 and UTF-32LE BOMs.
        for (int i = 0; i < Math.min(4, length); i++) {
            if (bytes[offset + i] == 0) {
                return true;
            }
        }
        return length >= 2 && ((bytes[offset] == (byte) 0xFE && bytes[offset + 1] == (byte) 0xFF)
                || (bytes[offset] == (byte) 0xFF && bytes[offset + 1] == (byte) 0xFE));
    }

    /** A JSON response whose body {@code body} (maps, lists, strings, numbers) is written straight to the client. */
    static Response response(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(writing(body)).build();
    }

    static Response ok(Object body) {
        return response(200, body);
    }

    static StreamingOutput writing(Object body) {
        return out -> WRITER.writeValue(out, body);
    }
}

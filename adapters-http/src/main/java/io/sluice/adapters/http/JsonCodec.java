package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
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

    private static final ObjectWriter WRITER = MAPPER.writer();

    private JsonCodec() {
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

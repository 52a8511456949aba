package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.domain.privacy.PiiPolicy;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hashes or redacts the configured personal-data fields in every JSON request body before any
 * resource reads it, so that nothing downstream — buffer, store, dead letters (which keep the
 * bytes of rejected items) — ever holds them in clear. Each object of the body is protected: the
 * body itself, the elements of a JSON array, the lines of NDJSON, and the messages of a Segment
 * {@code batch}. The declared content type does not matter (routes that read JSON read it under
 * any type), except that {@code application/x-ndjson} is protected line by line. A body that is
 * not JSON, or larger than the limit, passes unchanged: the resource refuses it anyway, and a
 * body that cannot be parsed has no fields to find.
 * Registered only when a policy is configured, at the default (user) priority, so after the
 * access filter has refused unauthenticated requests; stateless and thread-safe.
 */
final class PiiRequestFilter implements ContainerRequestFilter {

    private static final MediaType NDJSON = MediaType.valueOf("application/x-ndjson");

    private final PiiPolicy policy;
    private final int maxBodyBytes;

    PiiRequestFilter(PiiPolicy policy, int maxBodyBytes) {
        this.policy = policy;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (!request.hasEntity()) {
            return;
        }
        // Whatever the declared type: the seed and Segment routes read any body as JSON, so a body sent as
        // text/plain, application/octet-stream or with no type at all is protected like application/json.
        MediaType type = request.getMediaType();
        boolean ndjson = type != null && type.isCompatible(NDJSON);
        InputStream in = request.getEntityStream();
        byte[] head;
        try {
            head = in.readNBytes(maxBodyBytes + 1);
        } catch (IOException | RuntimeException broken) {
            throw RequestBody.unreadable(broken);
        }
        if (head.length > maxBodyBytes) {
            request.setEntityStream(new SequenceInputStream(new ByteArrayInputStream(head), in));
            return;
        }
        byte[] body = ndjson ? protectLines(head) : protectDocument(head);
        request.setEntityStream(new ByteArrayInputStream(body));
        if (body != head) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        }
    }

    /** @return the same array when nothing was protected (or it is not JSON), else the protected body */
    private byte[] protectDocument(byte[] json) {
        Object value;
        try (com.fasterxml.jackson.core.JsonParser parser = JsonCodec.utf8Parser(json, 0, json.length)) {
            value = JsonCodec.MAPPER.readValue(parser, Object.class);
            if (parser.nextToken() != null) {
                return json; // more than one value: the route refuses the body as it was sent
            }
        } catch (IOException notJson) {
            value = readAsText(json);
            if (value == null) {
                return json;
            }
        }
        Object protectedValue = protect(value);
        if (protectedValue == value) {
            return json;
        }
        try {
            return JsonCodec.MAPPER.writeValueAsBytes(protectedValue);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a parsed JSON value is always writable", impossible);
        }
    }

    /**
     * Jackson's UTF-8 parser fails on a surrogate escape in a field name, which is legal JSON text;
     * left unprotected, the route would read the item's neighbours with their personal data in
     * clear. Read from its text instead ({@link SurrogateNameEscapes}), such a body is protected like
     * any other; the escapes are written again as escapes, which the route reads the same way.
     * Returns null when the body is not UTF-8 or not one JSON value.
     */
    private static Object readAsText(byte[] json) {
        try (com.fasterxml.jackson.core.JsonParser parser = SurrogateNameEscapes.readText(json, 0, json.length)) {
            Object value = JsonCodec.MAPPER.readValue(parser, Object.class);
            return parser.nextToken() == null ? value : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Object protect(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> document = policy.apply((Map<String, Object>) map);
            Object batch = document.get("batch");
            if (batch instanceof List<?>) {
                Object protectedBatch = protect(batch);
                if (protectedBatch != batch) {
                    document = new java.util.LinkedHashMap<>(document);
                    document.put("batch", protectedBatch);
                }
            }
            return document;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                Object protectedItem = item instanceof Map<?, ?> ? protect(item) : item;
                if (protectedItem != item) {
                    if (copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    copy.set(i, protectedItem);
                }
            }
            return copy == null ? list : copy;
        }
        return value;
    }

    private byte[] protectLines(byte[] ndjson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ndjson.length + 64);
        boolean changed = false;
        int start = 0;
        while (start < ndjson.length) {
            int end = start;
            while (end < ndjson.length && ndjson[end] != '\n') {
                end++;
            }
            byte[] line = java.util.Arrays.copyOfRange(ndjson, start, end);
            byte[] protectedLine = protectDocument(line);
            changed |= protectedLine != line;
            out.writeBytes(protectedLine);
            if (end < ndjson.length) {
                out.write('\n');
            }
            start = end + 1;
        }
        return changed ? out.toByteArray() : ndjson;
    }
}

package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.ItemOutcome;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.Violation;
import io.sluice.domain.event.EventFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Segment's tracking API, so Segment's client libraries work pointed at Sluice: {@code /v1/track},
 * {@code /v1/identify}, {@code /v1/page}, {@code /v1/screen}, {@code /v1/group}, {@code /v1/alias}
 * (one message each), {@code /v1/batch} and {@code /v1/import} ({@code {"batch":[…]}}), each with
 * or without a trailing slash. The write key comes from the HTTP Basic user name,
 * {@code X-Write-Key}, or the body's {@code writeKey}. Messages are mapped by
 * {@link SegmentMessages}; the mapped native document is what a rejected message's dead letter
 * keeps, so it replays like any native event. Segment's limits hold: 32 KB per message and
 * 500 KB per request, else 413. Success is Segment's {@code 200 {"success":true}}. Immutable and
 * thread-safe.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class SegmentResource {

    static final String ROUTE_FAMILY = "segment";
    static final EventSource SOURCE = new EventSource("segment");
    static final int MAX_MESSAGE_BYTES = 32 * 1024;
    static final int MAX_REQUEST_BYTES = 500 * 1024;

    private static final String CALLS = "track|identify|page|screen|group|alias";

    private final IngestEventsUseCase ingest;
    private final Gate gate;
    private final int maxBodyBytes;

    SegmentResource(IngestEventsUseCase ingest, Gate gate, HttpSettings settings) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.maxBodyBytes = Math.min(MAX_REQUEST_BYTES, settings.maxBodyBytes());
    }

    @POST
    @Path("{call: " + CALLS + "}{slash: /?}")
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = ROUTE_FAMILY, keyInBody = true)
    public Response message(@PathParam("call") String call,
                            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                            @HeaderParam("Expect") String expect,
                            @Context ContainerRequestContext request,
                            InputStream body) {
        RequestBody read = RequestBody.read(body, contentLength, expect, maxBodyBytes);
        Map<String, Object> message;
        try {
            message = object(read);
        } catch (HttpProblem unreadable) {
            admitAnonymouslyIfUnknown(request);
            throw unreadable;
        }
        Caller caller = admit(request, message.get("writeKey"));
        if (read.length() > MAX_MESSAGE_BYTES) {
            throw HttpProblem.messageTooLarge(0, read.length(), MAX_MESSAGE_BYTES);
        }
        Incoming<EventDraft> item = mapped(message, call, Map.of(), caller);
        IngestReceipt receipt = ingest.ingest(new IngestEventsCommand(List.of(item), caller.source(SOURCE), ROUTE_FAMILY,
                "POST /v1/" + call));
        if (receipt.outcomes().get(0) instanceof ItemOutcome.Rejected rejected) {
            Map<String, Object> answer = new LinkedHashMap<>(8);
            answer.put("success", false);
            answer.put("error", "invalid_message");
            answer.put("message", "The message is invalid; it was kept as a dead letter.");
            answer.put("errors", errors(rejected.violations()));
            return JsonCodec.response(400, answer);
        }
        return JsonCodec.ok(Map.of("success", true));
    }

    @POST
    @Path("{call: batch|import}{slash: /?}")
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = ROUTE_FAMILY, keyInBody = true)
    public Response batch(@PathParam("call") String call,
                          @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                          @HeaderParam("Expect") String expect,
                          @Context ContainerRequestContext request,
                          InputStream body) {
        RequestBody read = RequestBody.read(body, contentLength, expect, maxBodyBytes);
        Batch batch;
        try {
            batch = batch(read);
        } catch (HttpProblem unreadable) {
            admitAnonymouslyIfUnknown(request);
            throw unreadable;
        }
        Caller caller = admit(request, batch.shared.remove("writeKey"));
        List<Incoming<EventDraft>> items = new ArrayList<>(batch.messages.size());
        for (int index = 0; index < batch.messages.size(); index++) {
            Incoming<Sized> message = batch.messages.get(index);
            if (message.raw().length > MAX_MESSAGE_BYTES) {
                throw HttpProblem.messageTooLarge(index, message.raw().length, MAX_MESSAGE_BYTES);
            }
            if (message instanceof Incoming.Parsed<Sized> parsed) {
                items.add(mapped(parsed.draft().message(), null, batch.shared, caller));
            } else {
                Incoming.Unparsed<Sized> unparsed = (Incoming.Unparsed<Sized>) message;
                items.add(new Incoming.Unparsed<>(unparsed.raw(), unparsed.reason()));
            }
        }
        if (items.isEmpty()) {
            throw HttpProblem.emptyBatch();
        }
        gate.chargeEvents(caller, items.size(), ROUTE_FAMILY);
        IngestReceipt receipt = ingest.ingest(new IngestEventsCommand(items, caller.source(SOURCE), ROUTE_FAMILY, "POST /v1/" + call));
        Map<String, Object> answer = new LinkedHashMap<>(4);
        answer.put("success", true);
        List<Map<String, Object>> rejected = new ArrayList<>();
        List<ItemOutcome> outcomes = receipt.outcomes();
        for (int index = 0; index < outcomes.size(); index++) {
            if (outcomes.get(index) instanceof ItemOutcome.Rejected r) {
                Map<String, Object> view = new LinkedHashMap<>(4);
                view.put("index", index);
                view.put("errors", errors(r.violations()));
                rejected.add(view);
            }
        }
        if (!rejected.isEmpty()) {
            answer.put("rejected", rejected);
        }
        return JsonCodec.ok(answer);
    }

    /** A key in the headers was checked by the filter; else the body's {@code writeKey}, or none. */
    private Caller admit(ContainerRequestContext request, Object bodyKey) {
        Caller admitted = (Caller) request.getProperty(Caller.PROPERTY);
        if (admitted != null) {
            return admitted;
        }
        String key = bodyKey instanceof String text && !text.isBlank() ? text : null;
        return gate.admitWrite(key, address(request), ROUTE_FAMILY);
    }

    /** An unreadable body still passes the gate first: without a key where one is required, 401 comes before 400. */
    private void admitAnonymouslyIfUnknown(ContainerRequestContext request) {
        if (request.getProperty(Caller.PROPERTY) == null) {
            gate.admitWrite(null, address(request), ROUTE_FAMILY);
        }
    }

    private static String address(ContainerRequestContext request) {
        Object address = request.getProperty(AccessFeature.ADDRESS_PROPERTY);
        return address instanceof String text ? text : "unknown";
    }

    /** The message mapped to a native document, whose bytes replace the message's as the dead-letter payload. */
    private static Incoming<EventDraft> mapped(Map<String, Object> message, String call, Map<String, Object> shared, Caller caller) {
        Map<String, Object> document = SegmentMessages.toNative(message, call, shared);
        byte[] nativeBytes;
        try {
            nativeBytes = JsonCodec.MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException impossible) {
            // JDK maps, lists, strings, numbers and booleans, as just parsed: always writable.
            throw new UncheckedIOException(impossible);
        }
        return new Incoming.Parsed<>(EventFields.draft(document, nativeBytes.length, null, caller.source(SOURCE)), nativeBytes);
    }

    private static Map<String, Object> object(RequestBody body) {
        try (JsonParser parser = JsonCodec.utf8Parser(body.bytes(), 0, body.length())) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw HttpProblem.invalidBody("(body)", "must be one JSON object, a Segment message");
            }
            Map<String, Object> message = JsonCodec.MAP_READER.readValue(parser);
            if (parser.nextToken() != null) {
                throw HttpProblem.invalidBody("(body)", "must be one JSON object, a Segment message");
            }
            return message;
        } catch (JsonProcessingException malformed) {
            throw HttpProblem.malformedJson(malformed);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A message with the bytes it was sent as, before mapping. */
    private record Sized(Map<String, Object> message) {
    }

    /** The messages of a batch and the fields the batch shares with them. */
    private record Batch(List<Incoming<Sized>> messages, Map<String, Object> shared) {
    }

    private static Batch batch(RequestBody body) {
        // A message's key may hold a surrogate escape Jackson's UTF-8 parser cannot read: then the
        // messages are bounded in a masked copy, and those holding one are read again from their text.
        return SurrogateNameEscapes.readMaskedOnFailure(body.bytes(), body.length(),
                (parsed, surrogateNames) -> batch(parsed, body.length(), body.bytes(), surrogateNames));
    }

    /**
     * @param parsed         what the parser reads: the body, or its copy masked at {@code surrogateNames}
     * @param bytes          the body as sent
     * @param surrogateNames where {@code parsed} masked a surrogate escape in a field name; outside
     *                       the messages (in a field the batch shares) one refuses the body as before
     */
    private static Batch batch(byte[] parsed, int length, byte[] bytes, int[] surrogateNames) throws IOException {
        try (JsonParser parser = JsonCodec.utf8Parser(parsed, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw HttpProblem.invalidBody("batch", "must be sent as {\"batch\":[…messages]}");
            }
            List<Incoming<Sized>> messages = null;
            Map<String, Object> shared = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("batch")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw HttpProblem.invalidBody("batch", "must be an array of messages");
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    messages = JsonItems.array(parser, bytes, surrogateNames, (document, size, objectTexts) -> new Sized(document));
                    int end = (int) parser.currentLocation().getByteOffset();
                    if (surrogateNames.length > 0 && (surrogateNames[0] < start || surrogateNames[surrogateNames.length - 1] >= end)) {
                        throw HttpProblem.invalidBody("(body)", "a field name outside the messages holds a surrogate escape "
                                + "(\\uD800-\\uDFFF) this server cannot read; send the character itself as UTF-8");
                    }
                } else {
                    shared.put(field, JsonCodec.MAPPER.readValue(parser, Object.class));
                }
            }
            if (parser.nextToken() != null) {
                throw HttpProblem.invalidBody("(body)", "must be one JSON object");
            }
            if (messages == null) {
                throw HttpProblem.invalidBody("batch", "is required");
            }
            // Segment applies these batch fields to every message; the others are kept with each message too.
            return new Batch(messages, shared);
        }
    }

    private static List<Map<String, Object>> errors(List<Violation> violations) {
        List<Map<String, Object>> errors = new ArrayList<>(violations.size());
        for (Violation violation : violations) {
            Map<String, Object> view = new LinkedHashMap<>(4);
            view.put("field", violation.field());
            view.put("message", violation.message());
            errors.add(view);
        }
        return errors;
    }
}

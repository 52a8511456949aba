package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.ItemOutcome;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The event routes of the systems Sluice replaces, served unchanged (DESIGN §4): seed 000's
 * {@code POST /track} and {@code GET /health} (its status reflects the buffer and the database), seed 002's {@code POST /register_event} and
 * {@code GET /get_status}. Same request fields, same success codes and bodies; invalid requests
 * get FastAPI's 422 {@code {"detail":[…]}}. Seed 002 sends no user: {@code payload.user_id} when
 * it is a non-empty string, else {@value #ANONYMOUS_USER}. Immutable and thread-safe.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class SeedResource {

    private static final int UNHEALTHY_RETRY_SECONDS = 5;

    static final String ANONYMOUS_USER = "anonymous";
    static final EventSource TRACK_SOURCE = new EventSource("track");
    static final EventSource LEGACY_SOURCE = new EventSource("legacy");

    private final IngestEventsUseCase ingest;
    private final HttpSettings settings;
    private final Supplier<Map<String, Boolean>> health;

    SeedResource(IngestEventsUseCase ingest, HttpSettings settings, Supplier<Map<String, Boolean>> health) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.health = Objects.requireNonNull(health, "health");
    }

    @POST
    @Path("track")
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = RouteFamily.TRACK)
    public Response track(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                          @HeaderParam("Expect") String expect,
                          @Admitted Caller caller,
                          InputStream body) {
        RequestBody read = RequestBody.read(body, contentLength, expect, settings.maxBodyBytes());
        Map<String, Object> document = FastApiValidation.object(read);
        new FastApiValidation.Fields(document).requiredString("user_id").requiredString("event_type")
                .optionalString("session_id").optionalObject("properties").check();
        EventSource source = caller.source(TRACK_SOURCE);
        byte[] raw = java.util.Arrays.copyOf(read.bytes(), read.length());
        Incoming<EventDraft> item = new Incoming.Parsed<>(EventFields.draft(document, raw.length, null, source), raw);
        IngestReceipt receipt;
        try {
            receipt = ingest.ingest(new IngestEventsCommand(List.of(item), source, RouteFamily.TRACK, "POST /track"));
        } catch (BufferRefusedException refused) {
            return queueUnavailable(refused, "Event queue unavailable. Please retry.");
        }
        String eventId = accepted(receipt, document);
        Map<String, Object> answer = new LinkedHashMap<>(4);
        answer.put("status", "accepted");
        answer.put("event_id", eventId);
        answer.put("message", "Event queued for processing");
        return JsonCodec.response(202, answer);
    }

    @GET
    @Path("health")
    @Access(Access.Level.PUBLIC)
    public Response health() {
        Map<String, Object> checks = new TreeMap<>();
        boolean healthy = true;
        for (Map.Entry<String, Boolean> check : health.get().entrySet()) {
            checks.put(check.getKey(), check.getValue() ? "healthy" : "unhealthy");
            healthy &= check.getValue();
        }
        Map<String, Object> answer = new LinkedHashMap<>(4);
        answer.put("status", healthy ? "healthy" : "unhealthy");
        answer.put("service", "sluice");
        answer.put("checks", checks);
        if (healthy) {
            return JsonCodec.ok(answer);
        }
        // A probe or client that backs off on 503 asks again after this; the checks run per request.
        return Response.fromResponse(JsonCodec.response(503, answer)).header(RetryAfter.HEADER, UNHEALTHY_RETRY_SECONDS).build();
    }

    @POST
    @Path("register_event")
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = RouteFamily.LEGACY)
    public Response registerEvent(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                                  @HeaderParam("Expect") String expect,
                                  @Admitted Caller caller,
                                  InputStream body) {
        RequestBody read = RequestBody.read(body, contentLength, expect, settings.maxBodyBytes());
        Map<String, Object> sent = FastApiValidation.object(read);
        new FastApiValidation.Fields(sent).requiredString("event_id").requiredString("event_type").requiredObject("payload").check();
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) sent.get("payload");
        Map<String, Object> document = new LinkedHashMap<>(6);
        document.put("event_id", sent.get("event_id"));
        document.put("event_type", sent.get("event_type"));
        document.put("user_id", payload.get("user_id") instanceof String user && !user.isBlank() ? user : ANONYMOUS_USER);
        document.put("properties", payload);
        // The native document, not the seed's body, is what a dead letter keeps, so that it replays.
        byte[] raw;
        try {
            raw = JsonCodec.MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
        EventSource source = caller.source(LEGACY_SOURCE);
        Incoming<EventDraft> item = new Incoming.Parsed<>(EventFields.draft(document, raw.length, null, source), raw);
        IngestReceipt receipt;
        try {
            receipt = ingest.ingest(new IngestEventsCommand(List.of(item), source, RouteFamily.LEGACY, "POST /register_event"));
        } catch (BufferRefusedException refused) {
            return queueUnavailable(refused, "Event queue unavailable. Please retry.");
        }
        accepted(receipt, sent);
        return JsonCodec.ok(Map.of("status", "Event published"));
    }

    @GET
    @Path("get_status")
    @Access(Access.Level.PUBLIC)
    public Response getStatus() {
        return JsonCodec.ok(Map.of("status", "API is running"));
    }

    /** The accepted item's id; a rejected item is a 422 (it was kept as a dead letter). */
    static String accepted(IngestReceipt receipt, Map<String, Object> body) {
        ItemOutcome outcome = receipt.outcomes().get(0);
        if (outcome instanceof ItemOutcome.Rejected rejected) {
            throw FastApiValidation.rejected(rejected.violations(), body);
        }
        return ((ItemOutcome.Accepted) outcome).id();
    }

    /** The seeds' FastAPI answer to a refused publish: 503 {@code {"detail":…}}, plus the Retry-After Sluice always sends. */
    static Response queueUnavailable(BufferRefusedException refused, String detail) {
        long seconds = RetryAfter.seconds(refused.retryAfter());
        return Response.fromResponse(JsonCodec.response(503, Map.of("detail", detail))).header(RetryAfter.HEADER, seconds).build();
    }
}

package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.sluice.application.port.in.EventQuery;
import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestEventsCommand;
import io.sluice.application.port.in.IngestEventsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.ItemOutcome;
import io.sluice.application.port.in.QueryEventsUseCase;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.in.StoredEvent;
import io.sluice.domain.event.Event;
import io.sluice.domain.event.EventDraft;
import io.sluice.domain.event.EventId;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.event.EventType;
import io.sluice.domain.event.UserId;
import io.sluice.domain.event.Violation;
import io.sluice.domain.event.EventFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The native event routes: {@code POST /v1/events} (one object, a JSON array, or NDJSON; 202 with
 * a per-item outcome once the buffer acknowledged, {@code "status"} {@code accepted} or
 * {@code partial}; 422 with the same body when no item was accepted, rejected items kept as dead
 * letters, except a body that is a single non-object value, which holds no event at all), {@code GET /v1/events} (filtered, newest
 * first, cursor paging) and {@code GET /v1/events/{id}}. The ingest path does one body read, one
 * parse and one {@code ingest} call per request and logs nothing. Immutable and thread-safe.
 */
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
public final class EventsResource {

    static final String ORIGIN = "POST /v1/events";
    private static final int UNPROCESSABLE = 422;

    static final JsonItems.DraftReader<EventDraft> NATIVE_DRAFTS =
            (document, size, objectTexts) -> EventFields.draft(document, size, null, EventSource.NATIVE, objectTexts);

    private final IngestEventsUseCase ingest;
    private final QueryEventsUseCase events;
    private final int maxBodyBytes;
    private final Gate gate;

    EventsResource(IngestEventsUseCase ingest, QueryEventsUseCase events, HttpSettings settings, Gate gate) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.events = Objects.requireNonNull(events, "events");
        this.maxBodyBytes = settings.maxBodyBytes();
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = RouteFamily.NATIVE)
    public Response ingest(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           @HeaderParam("Expect") String expect,
                           @Admitted Caller caller,
                           InputStream body) {
        BodyFormat format;
        try {
            format = BodyFormat.of(contentType);
        } catch (HttpProblem unsupported) {
            // Refused before the body was read: read the rest (bounded), as for a 401 or 429, or Jetty may close the
            // connection under a client still sending, which then sees no answer (HostileInputIT caught it so).
            RequestBody.swallowQuietly(body);
            throw unsupported;
        }
        RequestBody read = RequestBody.read(body, contentLength, expect, maxBodyBytes);
        EventSource source = caller.source(EventSource.NATIVE);
        UnknownFields drafts = new UnknownFields(source.equals(EventSource.NATIVE) ? NATIVE_DRAFTS
                : (document, size, objectTexts) -> EventFields.draft(document, size, null, source, objectTexts));
        List<Incoming<EventDraft>> items = JsonItems.read(read, format, drafts);
        gate.chargeEvents(caller, items.size(), RouteFamily.NATIVE);
        if (items.size() == 1 && items.get(0) instanceof Incoming.Unparsed<EventDraft> notAnEvent && format == BodyFormat.JSON
                && !JsonItems.isArray(read)) {
            // A body that is one string, number or null holds no event: refused like malformed JSON, and not kept
            // as a dead letter (the client still has it), so such requests cannot grow the dead-letter store.
            IngestReceipt refused = new IngestReceipt(List.of(new ItemOutcome.Rejected(List.of(new Violation("item",
                    notAnEvent.reason())))));
            return Response.status(UNPROCESSABLE).entity(receiptBody(refused, items, drafts)).build();
        }
        IngestReceipt receipt = ingest.ingest(new IngestEventsCommand(items, source, RouteFamily.NATIVE, ORIGIN));
        // Nothing accepted is a client error; a partial batch stays 202, which clients rely on, and says so in "status".
        int status = receipt.accepted() == 0 ? UNPROCESSABLE : Response.Status.ACCEPTED.getStatusCode();
        // No explicit type: the class's @Produces gives application/json, and setting it again cost ~0.8 µs per
        // request in building the response (async-profiler, issue 18).
        return Response.status(status).entity(receiptBody(receipt, items, drafts)).build();
    }

    @GET
    @Access(Access.Level.READ)
    public Response find(@QueryParam("type") String type,
                         @QueryParam("user_id") String userId,
                         @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @QueryParam("cursor") String cursor,
                         @QueryParam("limit") String limit,
                         @QueryParam("schema_violations") String schemaViolations) {
        Instant fromInstant = QueryParameters.instant("from", from);
        Instant toInstant = QueryParameters.instant("to", to);
        QueryParameters.ordered(fromInstant, toInstant);
        int pageSize = QueryParameters.limit(limit);
        EventQuery query = new EventQuery(QueryParameters.converted("type", type, EventType::new),
                QueryParameters.converted("user_id", userId, UserId::new), fromInstant, toInstant,
                Cursor.EVENTS.decode(cursor), pageSize, QueryParameters.bool("schema_violations", schemaViolations));
        List<StoredEvent> page = events.find(query);
        List<Map<String, Object>> views = new ArrayList<>(page.size());
        for (StoredEvent event : page) {
            views.add(view(event));
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("events", views);
        // A full page may have a successor; a short one is the last.
        body.put("next_cursor", page.size() == pageSize ? Cursor.EVENTS.encode(page.get(page.size() - 1).sequence()) : null);
        return JsonCodec.ok(body);
    }

    /**
     * The rest of the path is the id, so an event id containing {@code /} is read with the slash as
     * is ({@code GET /v1/events/orders/2026/17}); Jetty refuses an encoded {@code %2F} in a path
     * (400 "Ambiguous URI path separator") before any route sees it.
     */
    @GET
    @Access(Access.Level.READ)
    @Path("{id: .+}")
    public Response findById(@PathParam("id") String id) {
        EventId eventId = QueryParameters.converted("id", id, EventId::new);
        StoredEvent event = events.findById(eventId).orElseThrow(() -> HttpProblem.notFound("Event '" + id + "'"));
        return JsonCodec.ok(view(event));
    }

    static Map<String, Object> view(StoredEvent stored) {
        Event event = stored.event();
        Map<String, Object> view = new LinkedHashMap<>(16);
        view.put("event_id", event.id().value());
        view.put("event_type", event.type().value());
        view.put("user_id", event.user().value());
        view.put("session_id", event.session() == null ? null : event.session().value());
        view.put("timestamp", event.timestamp().toString());
        view.put("received_at", event.receivedAt().toString());
        view.put("processed_at", stored.processedAt().toString());
        view.put("duration_seconds", event.durationSeconds());
        view.put("properties", event.properties().asMap());
        view.put("source", event.source().value());
        SchemaViews.addStamp(view, event.schema());
        return view;
    }

    /**
     * Written with the streaming generator into bytes: the hot path builds no intermediate maps, and
     * a byte array costs Jersey less to send than a {@code StreamingOutput} (in the single-event
     * profile, about as much as the rest of writing the response).
     */
    private static byte[] receiptBody(IngestReceipt receipt, List<Incoming<EventDraft>> items, UnknownFields unknown) {
        ByteArrayBuilder out = new ByteArrayBuilder(64 + 48 * receipt.outcomes().size());
        try (JsonGenerator json = JsonCodec.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            long acceptedItems = receipt.accepted();
            long rejectedItems = receipt.rejected();
            json.writeStringField("status", acceptedItems == 0 ? "rejected" : rejectedItems == 0 ? "accepted" : "partial");
            json.writeNumberField("accepted", acceptedItems);
            json.writeNumberField("rejected", rejectedItems);
            json.writeArrayFieldStart("items");
            List<ItemOutcome> outcomes = receipt.outcomes();
            for (int index = 0; index < outcomes.size(); index++) {
                json.writeStartObject();
                json.writeNumberField("index", index);
                if (outcomes.get(index) instanceof ItemOutcome.Accepted accepted) {
                    json.writeStringField("status", "accepted");
                    json.writeStringField("event_id", accepted.id());
                } else {
                    json.writeStringField("status", "rejected");
                    json.writeArrayFieldStart("errors");
                    for (Violation violation : ((ItemOutcome.Rejected) outcomes.get(index)).violations()) {
                        json.writeStartObject();
                        json.writeStringField("field", violation.field());
                        json.writeStringField("message", violation.message());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
                UnknownFields.Found found = items.get(index) instanceof Incoming.Parsed<EventDraft> parsed
                        ? unknown.of(parsed.draft()) : null;
                if (found != null) {
                    json.writeArrayFieldStart("warnings");
                    for (String field : found.fields()) {
                        json.writeStartObject();
                        json.writeStringField("field", field);
                        json.writeStringField("message", "is not a field of an event; " + found.fate());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException("writing JSON into memory failed", impossible);
        }
        return out.toByteArray();
    }
}

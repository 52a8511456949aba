package io.sluice.adapters.http;

import io.sluice.application.port.in.DeadLetterQuery;
import io.sluice.application.port.in.QueryDeadLettersUseCase;
import io.sluice.application.port.in.ReplayDeadLettersUseCase;
import io.sluice.application.port.in.ReplayOutcome;
import io.sluice.application.port.in.ReplayReport;
import io.sluice.application.port.in.StoredDeadLetter;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.deadletter.DeadLetterReason;
import io.sluice.domain.event.EventSource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dead-letter routes: list (filtered, newest first, cursor paging), one by id, and replay
 * (one, or every pending one matching a filter; an admin key, since replay writes). A payload is
 * shown as text when it is valid UTF-8, else as {@code payload_base64}; a listing leaves payloads
 * over {@link DeadLetterQuery#LISTED_PAYLOAD_BYTES} out ({@code payload_omitted}, {@code payload_href})
 * and may end a page early at {@link DeadLetterQuery#PAGE_PAYLOAD_BYTES}, with a cursor to the
 * rest. Immutable and thread-safe.
 */
@Path("/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public final class DeadLettersResource {

    private final QueryDeadLettersUseCase deadLetters;
    private final ReplayDeadLettersUseCase replay;

    public DeadLettersResource(QueryDeadLettersUseCase deadLetters, ReplayDeadLettersUseCase replay) {
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
        this.replay = Objects.requireNonNull(replay, "replay");
    }

    @GET
    @Access(Access.Level.READ)
    public Response find(@QueryParam("reason") String reason,
                         @QueryParam("source") String source,
                         @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @QueryParam("replayed") String replayed,
                         @QueryParam("cursor") String cursor,
                         @QueryParam("limit") String limit) {
        int pageSize = QueryParameters.limit(limit);
        DeadLetterQuery query = filter(reason, source, from, to, QueryParameters.bool("replayed", replayed),
                Cursor.DEAD_LETTERS.decode(cursor), pageSize);
        List<StoredDeadLetter> page = deadLetters.find(query);
        List<Map<String, Object>> views = new ArrayList<>(page.size());
        for (StoredDeadLetter letter : page) {
            views.add(view(letter));
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("dead_letters", views);
        body.put("next_cursor", page.size() == pageSize || cutByBytes(page)
                ? Cursor.DEAD_LETTERS.encode(page.get(page.size() - 1).id()) : null);
        return JsonCodec.ok(body);
    }

    /**
     * A page the store may have cut at {@link DeadLetterQuery#PAGE_PAYLOAD_BYTES}; when the payloads
     * only happen to add up to that much, the cursor leads to an empty last page, which is harmless.
     */
    private static boolean cutByBytes(List<StoredDeadLetter> page) {
        long carried = 0;
        for (StoredDeadLetter letter : page) {
            carried += letter.letter().payloadSize();
        }
        return !page.isEmpty() && carried >= DeadLetterQuery.PAGE_PAYLOAD_BYTES;
    }

    @GET
    @Access(Access.Level.READ)
    @Path("{id}")
    public Response findById(@PathParam("id") String id) {
        return JsonCodec.ok(view(existing(id)));
    }

    /**
     * Replays exactly this dead letter ({@code replayOne}): 404 when unknown, 409 when it was
     * already replayed, before this request or by a concurrent one (then the use case replays
     * nothing), else 200 with the report.
     */
    @POST
    @Access(Access.Level.ADMIN)
    @Path("{id}/replay")
    public Response replayOne(@PathParam("id") String id) {
        ReplayOutcome outcome = replay.replayOne(storageId(id));
        if (outcome instanceof ReplayOutcome.Unknown) {
            throw HttpProblem.notFound("Dead letter " + id);
        }
        if (outcome instanceof ReplayOutcome.AlreadyReplayed already) {
            throw alreadyReplayed(already.letter());
        }
        ReplayReport report = outcome instanceof ReplayOutcome.Replayed replayed
                ? new ReplayReport(List.of(replayed), List.of())
                : new ReplayReport(List.of(), List.of((ReplayOutcome.StillInvalid) outcome));
        return JsonCodec.ok(replayBody(report));
    }

    @POST
    @Access(Access.Level.ADMIN)
    @Path("replay")
    public Response replayMatching(@QueryParam("reason") String reason,
                                   @QueryParam("source") String source,
                                   @QueryParam("from") String from,
                                   @QueryParam("to") String to,
                                   @QueryParam("limit") String limit) {
        DeadLetterQuery query = filter(reason, source, from, to, Boolean.FALSE, null, QueryParameters.limit(limit));
        return JsonCodec.ok(replayBody(replay.replay(query)));
    }

    private static DeadLetterQuery filter(String reason, String source, String from, String to, Boolean replayed, Long beforeId,
                                          int limit) {
        Instant fromInstant = QueryParameters.instant("from", from);
        Instant toInstant = QueryParameters.instant("to", to);
        QueryParameters.ordered(fromInstant, toInstant);
        EventSource sourceName = QueryParameters.converted("source", source, EventSource::new);
        return new DeadLetterQuery(QueryParameters.converted("reason", reason, DeadLetterReason::fromLabel),
                sourceName == null ? null : sourceName.value(), fromInstant, toInstant, replayed, beforeId, limit);
    }

    private StoredDeadLetter existing(String id) {
        return deadLetters.findById(storageId(id)).orElseThrow(() -> HttpProblem.notFound("Dead letter " + id));
    }

    /** The path's id as the store knows it; 404 for a number no store hands out. */
    private static long storageId(String id) {
        long parsed;
        try {
            parsed = Long.parseLong(id);
        } catch (NumberFormatException notANumber) {
            throw HttpProblem.invalidParameter("id", "must be a dead letter's numeric id");
        }
        // Long.MAX_VALUE cannot be replayed by "below id + 1", and no store hands it out.
        if (parsed < 0 || parsed == Long.MAX_VALUE) {
            throw HttpProblem.notFound("Dead letter " + id);
        }
        return parsed;
    }

    private static HttpProblem alreadyReplayed(StoredDeadLetter letter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dead_letter_id", letter.id());
        body.put("replayed_at", letter.replayedAt() == null ? null : letter.replayedAt().toString());
        body.put("replayed_event_id", letter.replayedEventId());
        return HttpProblem.conflict("already_replayed", "Dead letter " + letter.id() + " was already replayed.", body);
    }

    static Map<String, Object> view(StoredDeadLetter stored) {
        DeadLetter letter = stored.letter();
        Map<String, Object> view = new LinkedHashMap<>(16);
        view.put("id", stored.id());
        view.put("reason", letter.reason().label());
        view.put("detail", letter.detail());
        view.put("origin", letter.origin());
        view.put("source", letter.source().value());
        view.put("event_id", letter.eventId());
        view.put("failed_at", letter.failedAt().toString());
        view.put("attempts", letter.attempts());
        view.put("replayed_at", stored.replayedAt() == null ? null : stored.replayedAt().toString());
        view.put("replayed_event_id", stored.replayedEventId());
        view.put("payload_bytes", stored.payloadBytes());
        if (stored.payloadOmitted()) {
            // Listings stay bounded in memory: a large payload is fetched on its own.
            view.put("payload_omitted", true);
            view.put("payload_href", "/v1/dead-letters/" + stored.id());
            return view;
        }
        byte[] payload = letter.payload();
        String text = utf8OrNull(payload);
        if (text != null) {
            view.put("payload", text);
        } else {
            view.put("payload_base64", Base64.getEncoder().encodeToString(payload));
        }
        return view;
    }

    private static Map<String, Object> replayBody(ReplayReport report) {
        List<Map<String, Object>> replayed = new ArrayList<>(report.replayed().size());
        for (ReplayOutcome.Replayed item : report.replayed()) {
            Map<String, Object> view = new LinkedHashMap<>(4);
            view.put("dead_letter_id", item.deadLetterId());
            view.put("id", item.id());
            replayed.add(view);
        }
        List<Map<String, Object>> stillInvalid = new ArrayList<>(report.stillInvalid().size());
        for (ReplayOutcome.StillInvalid item : report.stillInvalid()) {
            Map<String, Object> view = new LinkedHashMap<>(4);
            view.put("dead_letter_id", item.deadLetterId());
            view.put("reason", item.reason());
            stillInvalid.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>(4);
        body.put("replayed", replayed);
        body.put("still_invalid", stillInvalid);
        return body;
    }

    private static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }
}

package io.sluice.adapters.http;

import io.sluice.application.port.in.Incoming;
import io.sluice.domain.event.EventDraft;
import java.util.List;

/**
 * What {@code POST /v1/events} makes of a body before validation, with the resource's own
 * parser and draft reader: the body refused as a whole, or split into items, each parsed or not
 * and each with the exact bytes the client sent for it. Part of this adapter's API so that the
 * parser can be exercised on its own (the fuzz target) without reaching into package-private
 * classes. Stateless and thread-safe.
 */
public final class EventBodies {

    private EventBodies() {
    }

    /** The outcome of parsing one body. */
    public sealed interface Parsed permits Items, Refused {
    }

    /** The body's items, in order; never empty. */
    public record Items(List<Incoming<EventDraft>> items) implements Parsed {
    }

    /** The body refused as a whole, as the route answers it: {@code malformed_json}, {@code empty_batch} (400), {@code too_many_items} (413). */
    public record Refused(int status, String code, String message) implements Parsed {
    }

    /** A native body from a client without a source header: JSON (one value or an array), or NDJSON. */
    public static Parsed parse(byte[] body, boolean ndjson) {
        try {
            return new Items(JsonItems.read(RequestBody.of(body), ndjson ? BodyFormat.NDJSON : BodyFormat.JSON,
                    new UnknownFields(EventsResource.NATIVE_DRAFTS)));
        } catch (HttpProblem refused) {
            return new Refused(refused.status(), refused.code(), refused.getMessage());
        }
    }
}

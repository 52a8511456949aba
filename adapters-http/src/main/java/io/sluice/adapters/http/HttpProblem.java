package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the status and the JSON body the client gets:
 * {@code {"error":"<code>","message":"<text>", …details}}. {@link HttpProblemMapper} renders it.
 * Thrown for expected client mistakes, so it carries no stack trace. Immutable.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;
    private final transient Map<String, String> headers;

    private HttpProblem(int status, String code, String message, Map<String, Object> details) {
        this(status, code, message, details, Map.of());
    }

    private HttpProblem(int status, String code, String message, Map<String, Object> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
    }

    /** Response headers the problem needs ({@code Retry-After}). */
    Map<String, String> headers() {
        return headers;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The response body, error code and message first. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>(4 + details.size());
        body.put("error", code);
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }

    static HttpProblem malformedJson(JsonProcessingException cause) {
        JsonLocation location = cause.getLocation();
        String parserMessage = cause.getOriginalMessage();
        if (location == null || location.getLineNr() < 1) {
            // Nothing to point at (an encoding refused before parsing, a parser limit): say what, not where.
            return new HttpProblem(400, "malformed_json", "The body is not valid JSON: " + parserMessage,
                    Map.of("parser_message", parserMessage));
        }
        return malformedJson(location.getLineNr(), location.getColumnNr(), parserMessage);
    }

    static HttpProblem malformedJson(int line, int column, String parserMessage) {
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("line", line);
        details.put("column", column);
        details.put("parser_message", parserMessage);
        return new HttpProblem(400, "malformed_json",
                "The body is not valid JSON at line " + line + ", column " + column + ": " + parserMessage, details);
    }

    static HttpProblem emptyBatch() {
        return new HttpProblem(400, "empty_batch", "The request carries no events: send one JSON object, a non-empty JSON array, "
                + "or NDJSON with at least one line.", Map.of());
    }

    static HttpProblem bodyTooLarge(int maxBytes) {
        return new HttpProblem(413, "body_too_large", "The body is larger than " + maxBytes + " bytes; split it into smaller requests.",
                Map.of("max_bytes", maxBytes));
    }

    /** 413: more items than one request may carry; a retry of the same request can never pass. */
    static HttpProblem tooManyItems(int maxItems) {
        return new HttpProblem(413, "too_many_items", "The request carries more than " + maxItems
                + " items; split it into requests of at most " + maxItems + ". Nothing of the request was accepted.",
                Map.of("max_items", maxItems));
    }

    /** 503: the bodies in flight already fill the memory set aside for them; retry shortly. */
    static HttpProblem busy(long retryAfterSeconds) {
        String message = "The server is reading as many request bodies as its memory allows; retry after " + retryAfterSeconds + " s.";
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("detail", message);
        details.put("retry_after_seconds", retryAfterSeconds);
        return new HttpProblem(503, "server_busy", message, details, Map.of(RetryAfter.HEADER, Long.toString(retryAfterSeconds)));
    }

    /** 429: the caller's event budget is spent; unlike the request budget it counts every item. */
    static HttpProblem eventBudgetSpent(long retryAfterSeconds, long items) {
        String message = "Too many events; this request carries " + items + " and the budget refills in " + retryAfterSeconds + " s.";
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("detail", message);
        details.put("retry_after_seconds", retryAfterSeconds);
        return new HttpProblem(429, "rate_limited", message, details, Map.of(RetryAfter.HEADER, Long.toString(retryAfterSeconds)));
    }

    static HttpProblem unsupportedMediaType(String sent, List<String> accepted) {
        return new HttpProblem(415, "unsupported_media_type",
                "Content-Type " + (sent == null || sent.isBlank() ? "is missing" : "'" + sent + "' is not accepted")
                        + "; send one of " + String.join(", ", accepted) + " (UTF-8).",
                Map.of("accepted", accepted));
    }

    static HttpProblem unreadableBody(String why) {
        return new HttpProblem(400, "unreadable_body", "The body could not be read: " + why, Map.of());
    }

    static HttpProblem invalidParameter(String parameter, String why) {
        return new HttpProblem(400, "invalid_parameter", "Parameter '" + parameter + "' " + why, Map.of("parameter", parameter));
    }

    static HttpProblem notFound(String what) {
        return new HttpProblem(404, "not_found", what + " was not found.", Map.of());
    }

    /**
     * 401: no key, or a key that is not a key of this kind. The body carries {@code detail} too,
     * so FastAPI-style clients of the seed routes find the text where they look for it.
     * {@link HttpProblemMapper} adds the challenge, which depends on who asked.
     */
    static HttpProblem unauthorized(String code, String message) {
        return new HttpProblem(401, code, message, Map.of("detail", message));
    }

    /** 429: the caller's token bucket is empty; retry after that many seconds. */
    static HttpProblem rateLimited(long retryAfterSeconds) {
        String message = "Too many requests; retry after " + retryAfterSeconds + " s.";
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("detail", message);
        details.put("retry_after_seconds", retryAfterSeconds);
        return new HttpProblem(429, "rate_limited", message, details, Map.of(RetryAfter.HEADER, Long.toString(retryAfterSeconds)));
    }

    /** 503: every live-view slot is taken; the stream is a view for a few people, not a feed. */
    static HttpProblem tooManyViewers(int maxViewers, long retryAfterSeconds) {
        String message = "The live view already has its " + maxViewers + " viewers (live.maxViewers); retry after "
                + retryAfterSeconds + " s, or read stored events from /v1/events.";
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("max_viewers", maxViewers);
        details.put("retry_after_seconds", retryAfterSeconds);
        return new HttpProblem(503, "too_many_viewers", message, details, Map.of(RetryAfter.HEADER, Long.toString(retryAfterSeconds)));
    }

    /** 413 for one Segment message over its limit; the batch as a whole is refused. */
    static HttpProblem messageTooLarge(int index, int bytes, int maxBytes) {
        Map<String, Object> details = new LinkedHashMap<>(4);
        details.put("index", index);
        details.put("bytes", bytes);
        details.put("max_bytes", maxBytes);
        return new HttpProblem(413, "message_too_large", "Message " + index + " is " + bytes + " bytes; a message may have at most "
                + maxBytes + " bytes. Nothing of the request was accepted.", details);
    }

    /** 400: the body is JSON but not the shape this route takes. */
    static HttpProblem invalidBody(String field, String why) {
        return new HttpProblem(400, "invalid_body", "Field '" + field + "' " + why, Map.of("field", field));
    }

    static HttpProblem conflict(String code, String message, Map<String, Object> details) {
        return new HttpProblem(409, code, message, details);
    }
}

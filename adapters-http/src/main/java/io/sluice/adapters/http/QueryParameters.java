package io.sluice.adapters.http;

import io.sluice.domain.event.EventRules;
import java.time.Instant;
import java.util.function.Function;

/**
 * Reads query parameters as strings and converts them here, so that a value that does not parse
 * is a 400 {@code invalid_parameter} naming the parameter (JAX-RS's own conversion would answer
 * 404). An empty value counts as absent. Stateless.
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private QueryParameters() {
    }

    static boolean absent(String value) {
        return value == null || value.isEmpty();
    }

    /** An ISO-8601 date-time, with an offset or taken as UTC without one; {@code null} when absent. */
    static Instant instant(String name, String value) {
        if (absent(value)) {
            return null;
        }
        Instant parsed = EventRules.parseIsoInstantOrNull(value);
        if (parsed == null) {
            throw HttpProblem.invalidParameter(name, "must be an ISO-8601 date-time such as 2024-01-15T10:00:00Z");
        }
        return parsed;
    }

    /** A page size from 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    static int limit(String value) {
        if (absent(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw HttpProblem.invalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    static Boolean bool(String name, String value) {
        if (absent(value)) {
            return null;
        }
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw HttpProblem.invalidParameter(name, "must be true or false");
    }

    /**
     * A value converted by a domain constructor or parser; its {@link IllegalArgumentException}
     * message says what is wrong.
     */
    static <T> T converted(String name, String value, Function<String, T> parser) {
        if (absent(value)) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException invalid) {
            throw HttpProblem.invalidParameter(name, "is invalid: " + invalid.getMessage());
        }
    }

    /** Checks {@code from < to} when both are given. */
    static void ordered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw HttpProblem.invalidParameter("from", "must be before 'to'");
        }
    }
}

package io.sluice.adapters.http;

import java.util.List;
import java.util.Locale;

/**
 * How an ingest body lists its items: one JSON value (an object or an array of them) or NDJSON
 * (one object per line). Decided by {@code Content-Type}; only UTF-8 is accepted, because raw
 * item bytes are kept as sent and dead-letter payloads are shown as UTF-8 text.
 */
enum BodyFormat {
    JSON,
    NDJSON;

    static final List<String> ACCEPTED = List.of("application/json", "application/x-ndjson");

    /** @throws HttpProblem 415 for any other media type or charset */
    static BodyFormat of(String contentType) {
        if (contentType == null) {
            throw HttpProblem.unsupportedMediaType(null, ACCEPTED);
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        BodyFormat format;
        if (type.equals("application/json")) {
            format = JSON;
        } else if (type.equals("application/x-ndjson")) {
            format = NDJSON;
        } else {
            throw HttpProblem.unsupportedMediaType(contentType, ACCEPTED);
        }
        if (semicolon >= 0 && !utf8(contentType.substring(semicolon + 1))) {
            throw HttpProblem.unsupportedMediaType(contentType, ACCEPTED);
        }
        return format;
    }

    private static boolean utf8(String parameters) {
        for (String parameter : parameters.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String name = parameter.substring(0, equals).trim();
            if (name.equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!value.equalsIgnoreCase("utf-8") && !value.equalsIgnoreCase("utf8")) {
                    return false;
                }
            }
        }
        return true;
    }
}

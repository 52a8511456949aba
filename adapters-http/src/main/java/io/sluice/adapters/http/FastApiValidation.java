package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.domain.event.EventRules;
import io.sluice.domain.event.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seed route's request that FastAPI would have refused, with FastAPI's (Pydantic v2's) 422
 * error items: {@code {"type":…,"loc":["body","user_id"],"msg":…,"input":…}}; rendered by
 * {@link FastApiValidationMapper} as {@code 422 {"detail":[…]}}, which is what the seeds' clients
 * expect. Also the checks that produce it, field by field, in the seeds' Pydantic models' terms.
 * Thrown for expected client mistakes, so it carries no stack trace.
 */
final class FastApiValidation extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Map<String, Object>> detail;

    private FastApiValidation(List<Map<String, Object>> detail) {
        super("request validation failed", null, false, false);
        this.detail = List.copyOf(detail);
    }

    List<Map<String, Object>> detail() {
        return detail;
    }

    static Map<String, Object> item(String type, List<Object> loc, String msg, Object input) {
        Map<String, Object> item = new LinkedHashMap<>(6);
        item.put("type", type);
        item.put("loc", loc);
        item.put("msg", msg);
        item.put("input", input);
        return item;
    }

    static FastApiValidation of(Map<String, Object> item) {
        return new FastApiValidation(List.of(item));
    }

    /** The domain's violations of an item the use case rejected, as FastAPI value errors. */
    static FastApiValidation rejected(List<Violation> violations, Map<String, Object> body) {
        List<Map<String, Object>> detail = new ArrayList<>(violations.size());
        for (Violation violation : violations) {
            detail.add(item("value_error", List.of("body", violation.field()), "Value error, " + violation.message(),
                    body.get(violation.field())));
        }
        return new FastApiValidation(detail);
    }

    /** The body as a JSON object, or FastAPI's {@code json_invalid} / {@code model_attributes_type}. */
    static Map<String, Object> object(RequestBody body) {
        try (JsonParser parser = JsonCodec.utf8Parser(body.bytes(), 0, body.length())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw of(item("missing", List.of("body"), "Field required", null));
            }
            if (first != JsonToken.START_OBJECT) {
                Object value = JsonCodec.MAPPER.readValue(parser, Object.class);
                throw of(item("model_attributes_type", List.of("body"),
                        "Input should be a valid dictionary or object to extract fields from", value));
            }
            Map<String, Object> document = JsonCodec.MAP_READER.readValue(parser);
            if (parser.nextToken() != null) {
                throw jsonInvalid(parser.currentTokenLocation(), "Extra data");
            }
            return document;
        } catch (JsonProcessingException malformed) {
            throw jsonInvalid(malformed.getLocation(), malformed.getOriginalMessage());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private static FastApiValidation jsonInvalid(JsonLocation at, String error) {
        long position = at == null ? 0 : Math.max(0, at.getCharOffset());
        Map<String, Object> item = item("json_invalid", List.of("body", position), "JSON decode error", Map.of());
        item.put("ctx", Map.of("error", error));
        return of(item);
    }

    /** Collects the violations of one body, like a Pydantic model: every field is checked, then all are reported. */
    static final class Fields {

        private final Map<String, Object> body;
        private final List<Map<String, Object>> errors = new ArrayList<>();

        Fields(Map<String, Object> body) {
            this.body = body;
        }

        Fields requiredString(String field) {
            if (!body.containsKey(field)) {
                errors.add(item("missing", List.of("body", field), "Field required", body));
            } else {
                optionalString(field);
            }
            return this;
        }

        Fields optionalString(String field) {
            Object value = body.get(field);
            if (value != null && !(value instanceof String)) {
                errors.add(item("string_type", List.of("body", field), "Input should be a valid string", value));
            }
            return this;
        }

        Fields requiredNumber(String field) {
            Object value = body.get(field);
            if (!body.containsKey(field)) {
                errors.add(item("missing", List.of("body", field), "Field required", body));
            } else if (value instanceof String text) {
                // Pydantic's lax mode reads a numeric string as the number.
                try {
                    body.put(field, Double.parseDouble(text.trim()));
                } catch (NumberFormatException notANumber) {
                    errors.add(item("float_parsing", List.of("body", field),
                            "Input should be a valid number, unable to parse string as a number", value));
                }
            } else if (!(value instanceof Number)) {
                errors.add(item("float_type", List.of("body", field), "Input should be a valid number", value));
            }
            return this;
        }

        Fields requiredObject(String field) {
            if (!body.containsKey(field)) {
                errors.add(item("missing", List.of("body", field), "Field required", body));
            } else if (!(body.get(field) instanceof Map<?, ?>)) {
                errors.add(item("dict_type", List.of("body", field), "Input should be a valid dictionary", body.get(field)));
            }
            return this;
        }

        Fields optionalObject(String field) {
            Object value = body.get(field);
            if (value != null && !(value instanceof Map<?, ?>)) {
                errors.add(item("dict_type", List.of("body", field), "Input should be a valid dictionary", value));
            }
            return this;
        }

        Fields optionalStringMap(String field) {
            Object value = body.get(field);
            optionalObject(field);
            if (value instanceof Map<?, ?> map) {
                map.forEach((key, entry) -> {
                    if (!(entry instanceof String)) {
                        errors.add(item("string_type", List.of("body", field, String.valueOf(key)), "Input should be a valid string",
                                entry));
                    }
                });
            }
            return this;
        }

        Fields optionalDateTime(String field) {
            Object value = body.get(field);
            if (value != null && !(value instanceof String text && EventRules.parseIsoInstantOrNull(text) != null)) {
                errors.add(item("datetime_parsing", List.of("body", field), "Input should be a valid datetime", value));
            }
            return this;
        }

        /** @throws FastApiValidation with every violation found */
        void check() {
            if (!errors.isEmpty()) {
                throw new FastApiValidation(errors);
            }
        }
    }
}

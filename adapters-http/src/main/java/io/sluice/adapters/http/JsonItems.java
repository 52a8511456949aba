package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.application.port.in.Incoming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits an ingest body into items, each with the exact bytes the client sent for it (they become
 * the dead-letter payload if the item is rejected): a single JSON value, a JSON array (sliced by
 * the parser's byte offsets), or NDJSON (sliced by line). An item that is not a JSON object, or an
 * NDJSON line that is not JSON, becomes {@link Incoming.Unparsed}, so one bad item never loses the
 * others; only a body that cannot be read as a whole is refused. NDJSON is {@link NdjsonItems}'s,
 * one object's fields {@link JsonObjects}'. Route families differ only in
 * the {@link DraftReader} that turns an object into their draft. Stateless and thread-safe.
 */
final class JsonItems {

    /** Turns one JSON object of the body into a route family's draft. */
    @FunctionalInterface
    interface DraftReader<D> {
        /**
         * @param document    the object, as JDK types
         * @param sizeBytes   how many bytes the client sent for it
         * @param objectTexts the JSON text, as the client sent it, of a field of the object whose
         *                    value is an object; {@code null} for other fields
         */
        D draft(Map<String, Object> document, int sizeBytes, Function<String, byte[]> objectTexts);
    }

    private JsonItems() {
    }

    /**
     * @throws HttpProblem {@code malformed_json} when a JSON body is not JSON (or an array breaks
     *                     mid-way), {@code empty_batch} when there is no item, {@code too_many_items}
     *                     (413) beyond {@link HttpSettings#MAX_ITEMS_PER_REQUEST}
     */
    static <D> List<Incoming<D>> read(RequestBody body, BodyFormat format, DraftReader<D> drafts) {
        List<Incoming<D>> items = format == BodyFormat.NDJSON ? NdjsonItems.read(body, drafts) : json(body, drafts);
        if (items.isEmpty()) {
            throw HttpProblem.emptyBatch();
        }
        return items;
    }

    /** Whether a JSON body is an array (its first character other than white space is {@code [}). */
    static boolean isArray(RequestBody body) {
        byte[] bytes = body.bytes();
        for (int i = 0; i < body.length(); i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '[';
            }
        }
        return false;
    }

    private static <D> List<Incoming<D>> json(RequestBody body, DraftReader<D> drafts) {
        // An item's key may hold a surrogate escape Jackson's UTF-8 parser cannot read; read a masked
        // copy for the items' bounds, and the items holding one again from their own text.
        byte[] bytes = body.bytes();
        return SurrogateNameEscapes.readMaskedOnFailure(bytes, body.length(),
                (parsed, surrogateNames) -> json(parsed, body.length(), new Source(bytes, surrogateNames), drafts));
    }

    private static <D> List<Incoming<D>> json(byte[] parsed, int length, Source source, DraftReader<D> drafts) throws IOException {
        try (JsonParser parser = JsonCodec.utf8Parser(parsed, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return List.of();
            }
            List<Incoming<D>> items;
            if (first == JsonToken.START_ARRAY) {
                items = array(parser, source, drafts);
            } else {
                items = List.of(item(parser, first, source, drafts, "the body"));
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw HttpProblem.malformedJson(at.getLineNr(), at.getColumnNr(), "more than one JSON value in the body; "
                        + "send a JSON array, or one object per line as application/x-ndjson");
            }
            return items;
        }
    }

    /**
     * Reads the items of an array the parser stands on (at {@code START_ARRAY}) and leaves it at
     * its {@code END_ARRAY}; for bodies that carry their items in an array field (Segment's batch).
     */
    static <D> List<Incoming<D>> array(JsonParser parser, byte[] bytes, DraftReader<D> drafts) throws IOException {
        return array(parser, new Source(bytes, NO_ESCAPES), drafts);
    }

    /**
     * As {@link #array(JsonParser, byte[], DraftReader)}, for a parser reading the copy of
     * {@code bytes} masked at {@code surrogateNames} ({@link SurrogateNameEscapes#masked}): the
     * items holding one are read again from their own text, as for a native body.
     */
    static <D> List<Incoming<D>> array(JsonParser parser, byte[] bytes, int[] surrogateNames, DraftReader<D> drafts)
            throws IOException {
        return array(parser, new Source(bytes, surrogateNames), drafts);
    }

    private static <D> List<Incoming<D>> array(JsonParser parser, Source source, DraftReader<D> drafts) throws IOException {
        List<Incoming<D>> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            checkCount(items.size());
            items.add(item(parser, token, source, drafts, "item " + items.size()));
        }
        return items;
    }

    private static <D> Incoming<D> item(JsonParser parser, JsonToken token, Source source, DraftReader<D> drafts, String name)
            throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        if (token == JsonToken.START_OBJECT) {
            ObjectTexts texts = new ObjectTexts(source.bytes);
            Map<String, Object> document = JsonObjects.read(parser, texts);
            int end = end(parser);
            byte[] raw = Arrays.copyOfRange(source.bytes, start, end);
            if (SurrogateNameEscapes.anyWithin(source.surrogateNames, start, end)) {
                return fromText(raw, drafts, name);
            }
            return new Incoming.Parsed<>(drafts.draft(document, raw.length, texts), raw);
        }
        // Consume the whole value (a string is read lazily; an array has children) before taking its end.
        parser.skipChildren();
        parser.finishToken();
        byte[] raw = Arrays.copyOfRange(source.bytes, start, end(parser));
        return new Incoming.Unparsed<>(raw, name + " is " + describe(token) + ", not a JSON object");
    }

    /**
     * An object item whose field names hold surrogate escapes, read from its text; its properties
     * are then encoded again from the parsed map (their byte ranges were the masked copy's).
     */
    private static <D> Incoming<D> fromText(byte[] raw, DraftReader<D> drafts, String name) throws IOException {
        try (JsonParser text = SurrogateNameEscapes.readText(raw, 0, raw.length)) {
            text.nextToken();
            Map<String, Object> document = JsonObjects.read(text, new ObjectTexts(raw));
            return new Incoming.Parsed<>(drafts.draft(document, raw.length, new ObjectTexts(raw)), raw);
        } catch (JsonProcessingException | java.nio.charset.CharacterCodingException unreadable) {
            return new Incoming.Unparsed<>(raw, name + " is not valid JSON: " + unreadable.getMessage());
        }
    }

    private static final int[] NO_ESCAPES = new int[0];

    /** The bytes the client sent, and where the parsed copy masked a surrogate escape in a field name. */
    private record Source(byte[] bytes, int[] surrogateNames) {
    }

    /** Refuses the request before an item beyond {@link HttpSettings#MAX_ITEMS_PER_REQUEST} is read. */
    static void checkCount(int itemsSoFar) {
        if (itemsSoFar >= HttpSettings.MAX_ITEMS_PER_REQUEST) {
            throw HttpProblem.tooManyItems(HttpSettings.MAX_ITEMS_PER_REQUEST);
        }
    }

    /** The byte offset just past the token the parser stands on. */
    static int end(JsonParser parser) {
        return (int) parser.currentLocation().getByteOffset();
    }

    /** The kind of JSON value a token starts, for a refusal's message. */
    static String describe(JsonToken token) {
        if (token == null) {
            return "empty";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "not a value";
        };
    }
}

package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.application.port.in.Incoming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Splits an NDJSON body into items by line, each with the exact bytes of its line: a line that is
 * not a JSON object becomes {@link Incoming.Unparsed} on its own; blank lines are skipped.
 * Stateless and thread-safe.
 */
final class NdjsonItems {

    private NdjsonItems() {
    }

    /**
     * @throws HttpProblem {@code too_many_items} (413) beyond {@link HttpSettings#MAX_ITEMS_PER_REQUEST} lines
     */
    static <D> List<Incoming<D>> read(RequestBody body, JsonItems.DraftReader<D> drafts) {
        byte[] bytes = body.bytes();
        int length = body.length();
        List<Incoming<D>> items = new ArrayList<>();
        int lineStart = 0;
        int lineNumber = 0;
        while (lineStart < length) {
            int lineEnd = indexOf(bytes, (byte) '\n', lineStart, length);
            int next = lineEnd + 1;
            lineNumber++;
            if (lineEnd > lineStart && bytes[lineEnd - 1] == '\r') {
                lineEnd--;
            }
            if (!blank(bytes, lineStart, lineEnd)) {
                JsonItems.checkCount(items.size());
                items.add(line(bytes, lineStart, lineEnd, lineNumber, drafts));
            }
            lineStart = next;
        }
        return items;
    }

    private static <D> Incoming<D> line(byte[] bytes, int start, int end, int lineNumber, JsonItems.DraftReader<D> drafts) {
        byte[] raw = Arrays.copyOfRange(bytes, start, end);
        try (JsonParser parser = JsonCodec.utf8Parser(raw, 0, raw.length)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return new Incoming.Unparsed<>(raw, "line " + lineNumber + " is " + JsonItems.describe(token) + ", not a JSON object");
            }
            ObjectTexts texts = new ObjectTexts(raw);
            Map<String, Object> document = JsonObjects.read(parser, texts);
            if (parser.nextToken() != null) {
                return new Incoming.Unparsed<>(raw, "line " + lineNumber + " holds more than one JSON value");
            }
            return new Incoming.Parsed<>(drafts.draft(document, raw.length, texts), raw);
        } catch (JsonProcessingException malformed) {
            if (String.valueOf(malformed.getOriginalMessage()).contains("surrogate") && SurrogateNameEscapes.find(raw, raw.length).length > 0) {
                return lineFromText(raw, lineNumber, drafts);
            }
            JsonLocation at = malformed.getLocation();
            return new Incoming.Unparsed<>(raw, "line " + lineNumber + " is not valid JSON"
                    + (at == null ? "" : " at column " + at.getColumnNr()) + ": " + malformed.getOriginalMessage());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    /** A line whose field names hold surrogate escapes, read from its text (see {@link SurrogateNameEscapes}). */
    private static <D> Incoming<D> lineFromText(byte[] raw, int lineNumber, JsonItems.DraftReader<D> drafts) {
        try (JsonParser text = SurrogateNameEscapes.readText(raw, 0, raw.length)) {
            if (text.nextToken() != JsonToken.START_OBJECT) {
                return new Incoming.Unparsed<>(raw, "line " + lineNumber + " is not a JSON object");
            }
            Map<String, Object> document = JsonObjects.read(text, new ObjectTexts(raw));
            if (text.nextToken() != null) {
                return new Incoming.Unparsed<>(raw, "line " + lineNumber + " holds more than one JSON value");
            }
            return new Incoming.Parsed<>(drafts.draft(document, raw.length, new ObjectTexts(raw)), raw);
        } catch (IOException unreadable) {
            return new Incoming.Unparsed<>(raw, "line " + lineNumber + " is not valid JSON: " + unreadable.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static boolean blank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

package io.sluice.adapters.chronicle;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The layout of one queue entry, the records of one append:
 * {@code int magic, int recordCount, JSON array of RecordDocument objects}. The count sits in a
 * fixed header so the backlog can be counted without parsing JSON. The integers are written and
 * read through Chronicle's {@code Bytes}, so their byte order is Chronicle's on both sides.
 * Stateless apart from a thread-safe {@link ObjectMapper}; safe for concurrent use.
 */
final class EntryCodec {

    /** "SLC1": a Sluice entry, layout version 1. */
    static final int MAGIC = 0x534C4331;
    static final int HEADER_BYTES = 8;
    /** A typical event document; sizes the output buffer so one event rarely grows it. */
    private static final int ESTIMATED_RECORD_BYTES = 512;
    /**
     * The most a buffer is sized ahead of its content. Beyond it the builder grows with what is
     * actually written (in blocks, then one copy), so memory follows the entry's real bytes: sized
     * by count, a 1 MiB NDJSON body of {@code 1\n} lines (500 000 tiny items) asked for 256 MiB up
     * front and killed the writer (issue 13).
     */
    static final int MAX_INITIAL_BYTES = 64 * 1024;

    // Characters beyond the BMP (an emoji) as their four UTF-8 bytes: by default Jackson writes them as a
    // surrogate-pair escape, which its own UTF-8 parser refuses inside a field name ("Illegal surrogate
    // character"), and the consumer then set the whole entry aside as one unreadable record without event ids.
    private final ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());
    // Built once: readValue with a TypeReference resolves the type again on every call (visible in the consumer's profile).
    private final ObjectReader documentReader = mapper.readerFor(new TypeReference<Map<String, Object>>() {
    });
    private final String stream;

    EntryCodec(String stream) {
        this.stream = stream;
    }

    /**
     * Appends one entry: header and {@link #encodeBody body}. A failed write is rolled back, so the
     * reader never sees half an entry, and rethrown.
     */
    static void write(ExcerptAppender appender, int count, byte[] body) {
        DocumentContext context = appender.writingDocument();
        try {
            Bytes<?> bytes = context.wire().bytes();
            bytes.writeInt(MAGIC);
            bytes.writeInt(count);
            bytes.write(body);
        } catch (RuntimeException failed) {
            context.rollbackOnClose();
            throw failed;
        } finally {
            context.close();
        }
    }

    /** The JSON body of an entry; runs on the appending request thread before any lock or hand-off, so the write only copies bytes. */
    byte[] encodeBody(List<BufferedRecord> records) {
        ByteArrayBuilder out = new ByteArrayBuilder(initialBytes(records.size()));
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            StreamedDocument fields = new StreamedDocument(json);
            json.writeStartArray();
            for (BufferedRecord record : records) {
                json.writeStartObject();
                RecordDocument.write(record, fields);
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException | UncheckedIOException unexpected) {
            // Writing JDK values into memory cannot fail for I/O; this means a value Jackson cannot write: a bug.
            throw new IllegalStateException("records cannot be encoded as JSON", unexpected);
        }
        return out.toByteArray();
    }

    /** The first block of an entry's buffer: room for a few typical records, never more than {@link #MAX_INITIAL_BYTES}. */
    static int initialBytes(int records) {
        return (int) Math.min((long) ESTIMATED_RECORD_BYTES * records, MAX_INITIAL_BYTES);
    }

    /**
     * How many records an entry counts for in the backlog: its header's count, or 0 for an entry
     * that is not Sluice's (another process wrote it without reserving room, so counting it when it
     * is consumed would make the backlog drift below the truth).
     */
    static int weight(int magic, int count, long entryLength) {
        return magic == MAGIC && count > 0 && entryLength >= HEADER_BYTES ? count : 0;
    }

    /**
     * The records of one entry. Never throws for bad input: an entry that cannot be decoded as a
     * whole becomes a single unreadable record carrying all its bytes, an element that is not a
     * record document becomes an unreadable record carrying that element's bytes.
     */
    List<ReadRecord> decode(long index, int magic, byte[] entry) {
        if (magic != MAGIC || entry.length < HEADER_BYTES) {
            return List.of(unreadable(index, 0, "not a Sluice entry (unknown header)", entry));
        }
        try {
            return decodeBody(index, entry);
        } catch (IOException | RuntimeException broken) {
            return List.of(unreadable(index, 0, "entry body is not a JSON array of records: " + broken.getMessage(), entry));
        }
    }

    private List<ReadRecord> decodeBody(long index, byte[] entry) throws IOException {
        List<ReadRecord> records = new ArrayList<>();
        try (JsonParser parser = mapper.getFactory().createParser(entry, HEADER_BYTES, entry.length - HEADER_BYTES)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("no JSON array");
            }
            int n = 0;
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), n++) {
                if (token == null) {
                    throw new IOException("truncated JSON array");
                }
                int start = HEADER_BYTES + (int) parser.currentTokenLocation().getByteOffset();
                if (token == JsonToken.START_OBJECT) {
                    Map<String, Object> document = documentReader.readValue(parser);
                    byte[] raw = slice(entry, start, parser);
                    records.add(new ReadRecord(draft(document, raw), raw, origin(index, n)));
                } else {
                    parser.skipChildren();
                    records.add(unreadable(index, n, "element is not a JSON object", slice(entry, start, parser)));
                }
            }
            if (parser.nextToken() != null) {
                throw new IOException("content after the JSON array");
            }
        }
        return records;
    }

    private static RecordDraft draft(Map<String, Object> document, byte[] raw) {
        try {
            return RecordDocument.fromDocument(document, raw.length, EventSource.NATIVE);
        } catch (RuntimeException broken) {
            // A document the domain refuses to read must not stop the queue: it becomes a dead letter.
            return new RecordDraft.Unreadable("unreadable record document: " + broken.getMessage());
        }
    }

    private static byte[] slice(byte[] entry, int start, JsonParser parser) {
        int end = HEADER_BYTES + (int) parser.currentLocation().getByteOffset();
        return Arrays.copyOfRange(entry, start, end);
    }

    private ReadRecord unreadable(long index, int n, String reason, byte[] raw) {
        return new ReadRecord(new RecordDraft.Unreadable(reason), raw, origin(index, n));
    }

    String origin(long index, int n) {
        return stream + "/" + index + "#" + n;
    }
}

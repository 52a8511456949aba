package io.sluice.adapters.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.sluice.application.port.out.ReadRecord;
import io.sluice.domain.event.EventSource;
import io.sluice.application.port.out.BufferedRecord;
import io.sluice.domain.privacy.PiiPolicy;
import io.sluice.adapters.recordformat.RecordDocument;
import io.sluice.application.port.out.RecordDraft;
import java.io.IOException;
import java.util.Map;

/**
 * Maps buffer records to the bytes of a Kafka record value (the versioned JSON envelope of
 * {@link RecordDocument}) and back. Whatever the bytes, decoding never throws: a record that is not
 * a JSON object becomes {@link RecordDraft.Unreadable}, so it is dead-lettered and never blocks its
 * partition. Thread-safe (Jackson readers and writers are immutable).
 */
final class RecordCodec {

    private static final byte[] NO_BYTES = new byte[0];
    private static final int MAX_REASON_LENGTH = 300;

    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final PiiPolicy pii;

    RecordCodec() {
        this(PiiPolicy.NONE);
    }

    /** @param pii applied to foreign producers' records (Sluice's own envelopes were protected at ingress) */
    RecordCodec(PiiPolicy pii) {
        this.pii = pii;
        // Characters beyond the BMP (an emoji) as their four UTF-8 bytes: Jackson's default surrogate-pair escape is
        // refused by its own UTF-8 parser inside a field name, which made such an event an unreadable dead letter.
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build());
        this.writer = mapper.writer();
        // Trailing garbage after a valid object ("{} junk") is as unreadable as no JSON at all.
        this.reader = mapper.readerFor(new TypeReference<Map<String, Object>>() { })
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    byte[] encode(BufferedRecord record) {
        try {
            return writer.writeValueAsBytes(RecordDocument.toDocument(record));
        } catch (JsonProcessingException impossible) {
            // The document holds JDK types only; failing here is a bug, not a buffer outage.
            throw new IllegalStateException("cannot encode a buffer record as JSON", impossible);
        }
    }

    ReadRecord decode(byte[] value, String origin) {
        if (value == null) {
            return new ReadRecord(new RecordDraft.Unreadable("null value (tombstone)"), NO_BYTES, origin);
        }
        Map<String, Object> document;
        try {
            document = reader.readValue(value);
        } catch (IOException notAnObject) {
            return new ReadRecord(new RecordDraft.Unreadable("not a JSON object: " + shortReason(notAnObject)), value, origin);
        }
        if (document == null) {
            return new ReadRecord(new RecordDraft.Unreadable("not a JSON object: null"), value, origin);
        }
        if (!document.containsKey(RecordDocument.VERSION_FIELD)) {
            Map<String, Object> protectedDocument = pii.apply(document);
            if (protectedDocument != document) {
                // The original bytes would carry the personal data into a dead letter: keep the protected form only.
                document = protectedDocument;
                value = encode(document);
            }
        }
        return new ReadRecord(draft(document, value), value, origin);
    }

    private RecordDraft draft(Map<String, Object> document, byte[] value) {
        try {
            return RecordDocument.fromDocument(document, value.length, EventSource.FOREIGN_PRODUCER);
        } catch (RuntimeException unexpected) {
            // A foreign producer's record must never stop the partition, whatever the domain makes of it.
            return new RecordDraft.Unreadable("unreadable document: " + unexpected);
        }
    }

    private byte[] encode(Map<String, Object> document) {
        try {
            return writer.writeValueAsBytes(document);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("cannot encode a parsed JSON object again", impossible);
        }
    }

    private static String shortReason(IOException failure) {
        String message = failure instanceof JsonProcessingException json ? json.getOriginalMessage() : failure.getMessage();
        if (message == null) {
            message = failure.getClass().getSimpleName();
        }
        return message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) : message;
    }
}

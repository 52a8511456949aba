package io.sluice.adapters.chronicle;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.adapters.recordformat.DocumentFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes the fields of a record document straight to a Jackson generator. Values are written with
 * the same generator calls Jackson's serializers make for them, so the bytes equal those of
 * serializing {@code RecordDocument.toDocument} as a map, without building that map and without the
 * serializer lookups per value that made encoding the largest single cost of the ingest path.
 * One per encoding; not thread-safe.
 */
final class StreamedDocument implements DocumentFields {

    private final JsonGenerator json;

    StreamedDocument(JsonGenerator json) {
        this.json = json;
    }

    @Override
    public void text(String name, String value) {
        try {
            json.writeStringField(name, value);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void integer(String name, int value) {
        try {
            json.writeNumberField(name, value);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void decimal(String name, double value) {
        try {
            json.writeNumberField(name, value);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    @Override
    public void object(String name, Map<String, ?> value) {
        try {
            json.writeFieldName(name);
            writeValue(value);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    /**
     * The client's own encoding, copied as bytes: encoding the map again was the largest part of
     * encoding an event, and writing the text as a String still cost a third of that.
     */
    @Override
    public void encodedObject(String name, Map<String, ?> value, byte[] utf8Json) {
        try {
            json.writeFieldName(name);
            json.writeRawValue(new RawJson(utf8Json));
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object item : list) {
                writeValue(item);
            }
            json.writeEndArray();
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof BigDecimal number) {
            json.writeNumber(number);
        } else if (value instanceof BigInteger number) {
            json.writeNumber(number);
        } else {
            // Any other JDK type (Float, Short, an array...): Jackson's own serializer, as before.
            json.writeObject(value);
        }
    }
}

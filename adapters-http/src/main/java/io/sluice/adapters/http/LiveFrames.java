package io.sluice.adapters.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.domain.deadletter.DeadLetter;
import io.sluice.domain.event.Event;
import io.sluice.domain.metric.MetricSample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders the live view as Server-Sent Events: one {@code event:}/{@code data:} frame per item,
 * the event name being the item's status ({@code accepted}, {@code rejected}, {@code stored},
 * {@code dead_lettered}, {@code notice}) or {@code skipped}, the data one line of JSON. Stateless.
 */
final class LiveFrames {

    /** A refusal shows this much of the bytes it arrived as; the dead letter keeps all of them. */
    static final int PAYLOAD_PREVIEW_CHARS = 512;
    static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    /** The first bytes of a stream: the client's reconnect delay and a comment that commits the response at once. */
    static final byte[] OPENING = "retry: 3000\n: connected\n\n".getBytes(StandardCharsets.US_ASCII);

    private LiveFrames() {
    }

    /** One item's frame, as every viewer of it receives it. */
    static byte[] frame(LiveItem item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try {
            frame(out, item.status().label(), json -> fields(json, item));
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
        return out.toByteArray();
    }

    /** The frame standing for {@code count} items a viewer missed. */
    static byte[] skipped(long count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(192);
        try {
            frame(out, "skipped", json -> {
                json.writeNumberField("skipped", count);
                json.writeStringField("message", "Skipped " + count
                        + " events: more arrived than this viewer could take or the live view shows per second (it is a sample, not a feed).");
            });
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
        return out.toByteArray();
    }

    /**
     * One write's worth: the queued frames ({@code byte[]}) and skip markers ({@link LiveViewer.Skipped})
     * in order, as one array, so that a backlog costs one flush and not one per item.
     */
    static byte[] render(List<Object> entries) {
        byte[][] parts = new byte[entries.size()][];
        int size = 0;
        for (int i = 0; i < parts.length; i++) {
            Object entry = entries.get(i);
            parts[i] = entry instanceof LiveViewer.Skipped skipped ? skipped(skipped.count()) : (byte[]) entry;
            size = Math.addExact(size, parts[i].length);
        }
        byte[] chunk = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, chunk, at, part.length);
            at += part.length;
        }
        return chunk;
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static void frame(ByteArrayOutputStream out, String name, Fields fields) throws IOException {
        out.write(("event: " + name + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
        // JSON on one line: Jackson escapes line breaks inside strings, so the frame cannot be split.
        try (JsonGenerator json = JsonCodec.MAPPER.getFactory().createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeStringField("status", name);
            fields.write(json);
            json.writeEndObject();
        }
        out.write('\n');
        out.write('\n');
    }

    private static void fields(JsonGenerator json, LiveItem item) throws IOException {
        String at = item.at().toString();
        if (item.value() instanceof Event event) {
            json.writeStringField("kind", "event");
            json.writeStringField("event_id", event.id().value());
            json.writeStringField("event_type", event.type().value());
            json.writeStringField("user_id", event.user().value());
            json.writeStringField("session_id", event.session() == null ? null : event.session().value());
            json.writeStringField("source", event.source().value());
            json.writeStringField("timestamp", event.timestamp().toString());
            json.writeStringField("received_at", event.receivedAt().toString());
        } else if (item.value() instanceof MetricSample sample) {
            json.writeStringField("kind", "metric");
            json.writeStringField("id", sample.id());
            json.writeStringField("name", sample.name().value());
            json.writeNumberField("value", sample.value());
            json.writeObjectField("labels", sample.labels().asMap());
            json.writeStringField("timestamp", sample.timestamp().toString());
        } else if (item.value() instanceof DeadLetter letter) {
            json.writeStringField("kind", "refusal");
            json.writeStringField("reason", letter.reason().label());
            json.writeStringField("detail", letter.detail());
            json.writeStringField("source", letter.source().value());
            json.writeStringField("event_id", letter.eventId());
            json.writeStringField("origin", letter.origin());
            String payload = new String(letter.payload(), StandardCharsets.UTF_8);
            json.writeStringField("payload_preview", payload.length() > PAYLOAD_PREVIEW_CHARS
                    ? payload.substring(0, PAYLOAD_PREVIEW_CHARS) + "…" : payload);
        } else {
            json.writeStringField("kind", "notice");
            json.writeStringField("message", String.valueOf(item.value()));
        }
        json.writeStringField(item.status() == LiveItem.Status.ACCEPTED || item.status() == LiveItem.Status.REJECTED
                ? "accepted_at" : "stored_at", at);
    }
}

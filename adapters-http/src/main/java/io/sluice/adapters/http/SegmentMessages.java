package io.sluice.adapters.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a Segment message ({@code track}, {@code identify}, {@code page}, {@code screen},
 * {@code group}, {@code alias}) onto Sluice's native event document, the one
 * {@code EventFields.draft} reads. Nothing the client sent is dropped: the fields that
 * are not properties go, unchanged, under {@code properties._segment} (the write key excepted: a
 * credential is not data). See {@code docs/segment.md}. Stateless and thread-safe.
 *
 * <table>
 * <caption>The mapping</caption>
 * <tr><th>native</th><th>Segment</th></tr>
 * <tr><td>event_id</td><td>messageId</td></tr>
 * <tr><td>user_id</td><td>userId, else anonymousId</td></tr>
 * <tr><td>event_type</td><td>track: event; page: {@code page}; screen: {@code screen}; identify, group, alias: the call's name</td></tr>
 * <tr><td>timestamp</td><td>timestamp, else originalTimestamp</td></tr>
 * <tr><td>properties</td><td>track, page, screen: properties; identify, group: traits; alias: none; plus {@code _segment}</td></tr>
 * </table>
 */
final class SegmentMessages {

    /** Where the message's other fields go inside the properties. */
    static final String SEGMENT_FIELD = "_segment";

    private SegmentMessages() {
    }

    /**
     * @param message the message as sent
     * @param call    the call the route names ({@code track} …), or {@code null} in a batch, where the
     *                message's own {@code type} says it
     * @param batch   batch-level {@code context}, {@code integrations} and {@code sentAt}, applied to
     *                messages that lack their own; empty for single calls
     */
    static Map<String, Object> toNative(Map<String, Object> message, String call, Map<String, Object> batch) {
        Map<String, Object> segment = new LinkedHashMap<>(message);
        segment.remove("writeKey");
        batch.forEach(segment::putIfAbsent);
        Object type = call != null ? call : message.get("type");
        if (call != null) {
            segment.putIfAbsent("type", call);
        }
        String kind = type instanceof String text ? text : null;
        String propertiesField = "identify".equals(kind) || "group".equals(kind) ? "traits" : "alias".equals(kind) ? null : "properties";

        Map<String, Object> properties = new LinkedHashMap<>();
        Object own = propertiesField == null ? null : segment.get(propertiesField);
        if (own instanceof Map<?, ?> map) {
            map.forEach((key, value) -> properties.put(String.valueOf(key), value));
            segment.remove(propertiesField);
        }
        properties.put(SEGMENT_FIELD, segment);

        Map<String, Object> document = new LinkedHashMap<>(8);
        document.put("event_id", message.get("messageId"));
        Object userId = message.get("userId");
        document.put("user_id", userId == null || "".equals(userId) ? message.get("anonymousId") : userId);
        document.put("event_type", eventType(kind, message));
        Object timestamp = message.get("timestamp");
        document.put("timestamp", timestamp != null ? timestamp : message.get("originalTimestamp"));
        document.put("properties", properties);
        return document;
    }

    private static Object eventType(String kind, Map<String, Object> message) {
        if (kind == null) {
            // No type: left absent, so validation names the missing event_type.
            return null;
        }
        return switch (kind) {
            case "track" -> message.get("event");
            case "identify", "page", "screen", "group", "alias" -> kind;
            default -> null;
        };
    }
}

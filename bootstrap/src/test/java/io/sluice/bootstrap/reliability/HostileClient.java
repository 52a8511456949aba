package io.sluice.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The soak's hostile mix (issue 13): one client, at a bounded pace, sending the attack inputs of
 * the hostile-input probe beside ordinary items in the same request, round robin — nesting 999
 * deep, numbers beyond a double, timestamps before 1970 and year 0, an item over 32 KB, a body over
 * 1 MiB, more than 10,000 items, garbage lines and a body that is not UTF-8, an unpaired surrogate
 * escape in a field name. It keeps the books a reconciliation needs: ids of items acknowledged
 * (accepted in a 2xx), ids of items refused one by one in a 2xx (each must be a dead letter, never
 * a row) and ids of items in requests refused whole with a 4xx (never a row). Every item has an id
 * {@code <run>-<request>-<item>}. Its own address in {@code X-Forwarded-For}, so its budget is its
 * own. Thread-safe books; one sending thread.
 */
final class HostileClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] KINDS = {"deep nesting", "huge numbers", "odd timestamps", "oversize item", "oversize body",
        "too many items", "garbage", "not UTF-8", "surrogate field name"};

    private final String run;
    private final Supplier<URI> target;
    private final Duration pause;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread;
    private volatile boolean running = true;

    final Set<String> sent = ConcurrentHashMap.newKeySet();
    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** Items refused one by one inside an answered request: dead letters, never rows. */
    final Set<String> refusedItems = ConcurrentHashMap.newKeySet();
    /** Items of requests refused whole with a 4xx: never written, never rows. */
    final Set<String> refusedWhole = ConcurrentHashMap.newKeySet();
    /** Items of requests answered 5xx or not at all: not acknowledged, though they may have been buffered. */
    final Set<String> unacknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    private HostileClient(String run, Supplier<URI> target, Duration pause) {
        this.run = run;
        this.target = target;
        this.pause = pause;
        this.thread = new Thread(this::load, "hostile-" + run);
        this.thread.setDaemon(true);
    }

    static HostileClient start(String run, Supplier<URI> target, Duration pause) {
        HostileClient client = new HostileClient(run, target, pause);
        client.thread.start();
        return client;
    }

    /** Answers by attack and status ("deep nesting 202", "too many items 413", "garbage io:…"), sorted. */
    Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((key, value) -> copy.put(key, value.get()));
        return copy;
    }

    long requests() {
        return answers.values().stream().mapToLong(AtomicLong::get).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(40_000);
    }

    private void load() {
        for (long request = 0; running; request++) {
            String kind = KINDS[(int) (request % KINDS.length)];
            Attack attack = attack(kind, run + "-" + request);
            attack.ids.forEach(sent::add);
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.get().resolve("/v1/events"))
                        .timeout(Duration.ofSeconds(20)).header("Content-Type", attack.contentType)
                        .header("X-Forwarded-For", "10.66.0.1")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(attack.body)).build(), HttpResponse.BodyHandlers.ofString());
                count(kind + " " + response.statusCode());
                if (response.statusCode() / 100 == 2) {
                    JsonNode items = JSON.readTree(response.body()).get("items");
                    for (int i = 0; i < attack.ids.size(); i++) {
                        String id = attack.ids.get(i);
                        (items != null && "accepted".equals(items.get(i).get("status").asText()) ? acknowledged : refusedItems).add(id);
                    }
                } else {
                    (response.statusCode() / 100 == 4 ? refusedWhole : unacknowledged).addAll(attack.ids);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                unacknowledged.addAll(attack.ids);
                return;
            } catch (Exception failed) {
                count(kind + " io:" + failed.getClass().getSimpleName());
                unacknowledged.addAll(attack.ids);
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void count(String key) {
        answers.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    /** A request body and the ids of its items in order (only bodies read item by item list their ids). */
    private record Attack(String contentType, byte[] body, List<String> ids) {
    }

    private static Attack attack(String kind, String prefix) {
        List<String> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        lines.add(ordinary(prefix, ids));
        switch (kind) {
            case "deep nesting" -> lines.add(item(prefix, ids, ",\"properties\":" + "{\"a\":".repeat(999) + "1" + "}".repeat(999)));
            case "huge numbers" -> {
                lines.add(item(prefix, ids, ",\"duration_seconds\":1e400"));
                lines.add(item(prefix, ids, ",\"properties\":{\"n\":1e400}"));
                lines.add(item(prefix, ids, ",\"properties\":{\"n\":123456789012345678901234567890,\"m\":1.7e308}"));
            }
            case "odd timestamps" -> {
                for (String at : List.of("0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z")) {
                    lines.add(item(prefix, ids, ",\"timestamp\":\"" + at + "\""));
                }
            }
            case "oversize item" -> {
                lines.add(item(prefix, ids, ",\"properties\":{\"s\":\"" + "x".repeat(40_000) + "\"}"));
                lines.add(item(prefix, ids, ",\"properties\":{\"n\":[" + "1e9,".repeat(3_270) + "1e9]}"));
            }
            case "oversize body" -> lines.add(item(prefix, ids, ",\"properties\":{\"s\":\"" + "x".repeat(1_100_000) + "\"}"));
            case "too many items" -> {
                for (int i = 0; i < 10_001; i++) {
                    lines.add(item(prefix, ids, ""));
                }
            }
            case "garbage" -> {
                lines.add("{not json");
                lines.add("\"a string\"");
                lines.add("[1,2,3]");
            }
            case "not UTF-8" -> {
                byte[] body = (lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8);
                byte[] bad = new byte[body.length + 4];
                System.arraycopy(body, 0, bad, 0, body.length);
                bad[body.length] = (byte) 0xC3;
                bad[body.length + 1] = (byte) 0x28;
                bad[body.length + 2] = (byte) 0xFF;
                bad[body.length + 3] = '\n';
                return new Attack("application/x-ndjson", bad, ids);
            }
            default -> lines.add(item(prefix, ids, ",\"properties\":{\"\\udc00key\":1}"));
        }
        lines.add(ordinary(prefix, ids));
        boolean ndjson = kind.equals("deep nesting") || kind.equals("garbage") || kind.equals("too many items");
        String body = ndjson ? String.join("\n", lines) + "\n" : "[" + String.join(",", lines) + "]";
        if (kind.equals("garbage")) {
            // Garbage lines have no id; keep the ids list aligned with the answer's items by marking them.
            List<String> aligned = new ArrayList<>(List.of(ids.get(0), prefix + "-garbage-0", prefix + "-garbage-1", prefix + "-garbage-2",
                    ids.get(1)));
            return new Attack("application/x-ndjson", body.getBytes(StandardCharsets.UTF_8), aligned);
        }
        return new Attack(ndjson ? "application/x-ndjson" : "application/json", body.getBytes(StandardCharsets.UTF_8), ids);
    }

    private static String ordinary(String prefix, List<String> ids) {
        return item(prefix, ids, ",\"timestamp\":\"" + Instant.now() + "\",\"duration_seconds\":1.5,\"properties\":{\"page\":\"/h\"}");
    }

    private static String item(String prefix, List<String> ids, String rest) {
        String id = prefix + "-" + ids.size();
        ids.add(id);
        return "{\"event_id\":\"" + id + "\",\"event_type\":\"hostile\",\"user_id\":\"h" + (ids.size() % 7) + "\"" + rest + "}";
    }
}

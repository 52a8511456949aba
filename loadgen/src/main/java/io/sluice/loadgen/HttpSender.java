package io.sluice.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Sends to Sluice's HTTP API: {@code POST /v1/events} (one event or a batch) or seed 000's {@code POST /track}. */
final class HttpSender extends Sender {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final AtomicLong requests = new AtomicLong();
    private final Probes probes;

    HttpSender(LoadPlan plan, LoadStats stats) {
        super(plan, stats);
        uri = URI.create(plan.url + (plan.track() ? "/track" : "/v1/events"));
        probes = plan.probeEvery > 0 && !plan.track() ? new Probes(client, plan) : null;
    }

    @Override
    Probes probes() {
        return probes;
    }

    @Override
    void send(TrafficModel model, int events, long startNanos) {
        try {
            Instant now = Instant.now();
            String probed = null;
            Object body;
            if (plan.track()) {
                Map<String, Object> event = model.next(now);
                body = Map.of("user_id", event.get("user_id"), "event_type", event.get("event_type"),
                        "session_id", event.get("session_id"), "properties", event.get("event_data"));
            } else if (events == 1 && !"batch".equals(plan.target)) {
                Map<String, Object> event = model.next(now);
                probed = (String) event.get("event_id");
                body = event;
            } else {
                List<Map<String, Object>> batch = new ArrayList<>(events);
                for (int i = 0; i < events; i++) {
                    batch.add(model.next(now));
                }
                probed = (String) batch.get(0).get("event_id");
                body = batch;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (plan.writeKey != null) {
                request.header("X-Write-Key", plan.writeKey);
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            stats.latency(startNanos);
            if (response.statusCode() / 100 == 2) {
                stats.sent(startNanos, events);
                if (probes != null && probed != null && stats.measured(startNanos) && requests.incrementAndGet() % plan.probeEvery == 0) {
                    probes.watch(probed, startNanos);
                }
            } else {
                stats.error("http_" + response.statusCode());
            }
        } catch (IOException failed) {
            stats.latency(startNanos);
            stats.error(failed.getClass().getSimpleName());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

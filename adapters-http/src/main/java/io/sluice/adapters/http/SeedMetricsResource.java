package io.sluice.adapters.http;

import io.sluice.application.port.in.Incoming;
import io.sluice.application.port.in.IngestMetricsCommand;
import io.sluice.application.port.in.IngestMetricsUseCase;
import io.sluice.application.port.in.IngestReceipt;
import io.sluice.application.port.in.QueryMetricsUseCase;
import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.in.StoredMetric;
import io.sluice.application.port.out.BufferRefusedException;
import io.sluice.domain.event.EventSource;
import io.sluice.domain.metric.MetricDraft;
import io.sluice.domain.metric.MetricSample;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seed 001's metric routes, served unchanged: {@code POST /api/v1/metrics}
 * ({@code {name, value, timestamp?, labels?}} → 202 {@code {"status":"queued",…}}) and
 * {@code GET /api/v1/metrics?limit=} (newest first, 1 to 100, default 10). The read route is open
 * wherever the write route is (write keys not required: seed 001's client sends no key), and needs
 * a read key where write keys are required. Immutable and thread-safe.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
public final class SeedMetricsResource {

    static final EventSource SOURCE = new EventSource("metrics");
    static final int DEFAULT_LIMIT = 10;

    private final IngestMetricsUseCase ingest;
    private final QueryMetricsUseCase metrics;
    private final HttpSettings settings;
    private final Clock clock;

    SeedMetricsResource(IngestMetricsUseCase ingest, QueryMetricsUseCase metrics, HttpSettings settings, Clock clock) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Access(value = Access.Level.WRITE, family = RouteFamily.METRICS)
    public Response ingest(@HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           @HeaderParam("Expect") String expect,
                           @Admitted Caller caller,
                           InputStream body) {
        RequestBody read = RequestBody.read(body, contentLength, expect, settings.maxBodyBytes());
        Map<String, Object> document = FastApiValidation.object(read);
        new FastApiValidation.Fields(document).requiredString("name").requiredNumber("value").optionalDateTime("timestamp")
                .optionalStringMap("labels").check();
        byte[] raw = Arrays.copyOf(read.bytes(), read.length());
        MetricDraft draft = new MetricDraft(null, document.get("name"), document.get("value"), document.get("timestamp"),
                document.get("labels"), null);
        Incoming<MetricDraft> item = new Incoming.Parsed<>(draft, raw);
        IngestReceipt receipt;
        try {
            receipt = ingest.ingest(new IngestMetricsCommand(List.of(item), caller.source(SOURCE),
                    RouteFamily.METRICS, "POST /api/v1/metrics"));
        } catch (BufferRefusedException refused) {
            return SeedResource.queueUnavailable(refused, "Metric queue unavailable. Please retry.");
        }
        SeedResource.accepted(receipt, document);
        Map<String, Object> answer = new LinkedHashMap<>(4);
        answer.put("status", "queued");
        answer.put("message", "Metric accepted for processing");
        answer.put("timestamp", clock.instant().toString());
        return JsonCodec.response(202, answer);
    }

    @GET
    @Access(Access.Level.SEED_READ)
    public Response newest(@QueryParam("limit") String limit) {
        List<StoredMetric> newest = metrics.newest(limit(limit));
        List<Map<String, Object>> views = new ArrayList<>(newest.size());
        for (StoredMetric stored : newest) {
            MetricSample sample = stored.sample();
            Map<String, Object> view = new LinkedHashMap<>(8);
            view.put("id", stored.id());
            view.put("name", sample.name().value());
            view.put("value", sample.value());
            view.put("timestamp", sample.timestamp().toString());
            view.put("labels", sample.labels().asMap());
            views.add(view);
        }
        return JsonCodec.ok(views);
    }

    private static int limit(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            throw FastApiValidation.of(FastApiValidation.item("int_parsing", List.of("query", "limit"),
                    "Input should be a valid integer, unable to parse string as an integer", value));
        }
        if (limit < 1) {
            Map<String, Object> item = FastApiValidation.item("greater_than_equal", List.of("query", "limit"),
                    "Input should be greater than or equal to 1", value);
            item.put("ctx", Map.of("ge", 1));
            throw FastApiValidation.of(item);
        }
        if (limit > QueryMetricsUseCase.MAX_NEWEST) {
            Map<String, Object> item = FastApiValidation.item("less_than_equal", List.of("query", "limit"),
                    "Input should be less than or equal to " + QueryMetricsUseCase.MAX_NEWEST, value);
            item.put("ctx", Map.of("le", QueryMetricsUseCase.MAX_NEWEST));
            throw FastApiValidation.of(item);
        }
        return limit;
    }
}

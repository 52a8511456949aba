package io.sluice.adapters.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Objects;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * {@code GET /v1/live}: Server-Sent Events of what ingress accepts and refuses and what the
 * consumer stores, as it happens, for a read key. A view, not a delivery guarantee: a viewer that
 * cannot keep up reads "skipped N" markers, and never slows ingress or the consumer. Each stream
 * has one pump thread (the hub's), which waits on the viewer's queue and writes what arrived as
 * one chunk: Jersey flushes each chunk of a {@link ChunkedOutput} at once, where a plain
 * streamed entity would sit in Jersey's 8 KiB content-length buffer. Thread-safe.
 */
@Path("/v1/live")
public final class LiveResource {

    static final String EVENT_STREAM = "text/event-stream";

    private final LiveHub hub;

    LiveResource(LiveHub hub) {
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    @GET
    @Access(Access.Level.READ)
    public Response stream(@QueryParam("type") String type,
                           @QueryParam("user") String user,
                           @QueryParam("source") String source,
                           @QueryParam("status") String status) {
        LiveFilter filter = LiveFilter.of(type, user, source, status);
        LiveViewer viewer = hub.open(filter);
        ChunkedOutput<byte[]> output = new ChunkedOutput<>(byte[].class);
        hub.pump(() -> pump(viewer, output));
        return Response.ok(output, EVENT_STREAM + ";charset=utf-8")
                .header("Cache-Control", "no-cache, no-store")
                // Reverse proxies (nginx) would otherwise buffer the stream.
                .header("X-Accel-Buffering", "no")
                .build();
    }

    /** {@code GET /v1/live/pulse}: this node's ingest and store counters and its last batch's times. */
    @GET
    @Path("pulse")
    @Access(Access.Level.READ)
    public Response pulse() {
        return JsonCodec.ok(hub.pulse());
    }

    /**
     * Runs until the viewer leaves (a write fails) or the hub closes. One write at a time: while
     * it blocks on a client that does not read, new frames wait in the viewer's bounded queue and
     * what does not fit there becomes a "skipped" marker, so nothing piles up in Jersey or Jetty.
     */
    private void pump(LiveViewer viewer, ChunkedOutput<byte[]> output) {
        try (viewer) {
            output.write(LiveFrames.OPENING);
            for (byte[] bytes = nextWrite(viewer); bytes != null && !output.isClosed(); bytes = nextWrite(viewer)) {
                output.write(bytes);
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException viewerGone) {
            // The browser closed the stream: nothing to report, the slot is free again.
        } finally {
            try {
                output.close();
            } catch (IOException alreadyClosed) {
                // Nothing left to flush to a client that is gone.
            }
        }
    }

    /** The next write as one array, or {@code null} once closed; the queued frames are no longer referenced here while it is written. */
    private byte[] nextWrite(LiveViewer viewer) throws InterruptedException {
        LiveViewer.Chunk chunk = viewer.next(hub.settings().heartbeat());
        if (chunk == null) {
            return null;
        }
        return chunk.entries().isEmpty() ? LiveFrames.HEARTBEAT : LiveFrames.render(chunk.entries());
    }
}

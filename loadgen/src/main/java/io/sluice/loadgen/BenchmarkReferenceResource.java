package io.sluice.loadgen;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP ceiling of the benchmark harness: a route on the very same server stack (Jetty,
 * Jersey, the same connectors and filters) that reads the body and answers 202 without doing
 * anything. Every ingest figure is divided by this one. Registered only when
 * {@code benchmarkReferenceEndpoint} is on; never in production.
 */
@Path("/bench/noop")
public final class BenchmarkReferenceResource {

    private static final byte[] ACCEPTED = "{\"status\":\"accepted\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response accept(byte[] body) {
        return Response.status(Response.Status.ACCEPTED).entity(ACCEPTED).build();
    }
}

package io.sluice.archfixture.bootstrap;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** Breaks the wiring-only rule: a route served by bootstrap itself, as the benchmark's no-op route once was. */
@Path("/noop")
public class RouteInBootstrap {

    @POST
    public void accept() {
    }
}

package io.sluice.bootstrap;

import io.sluice.adapters.http.LiveHub;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Ends the live streams as soon as the server starts stopping. Jetty's graceful shutdown waits
 * for requests in flight, and a live stream never finishes by itself: without this, every open
 * console would hold shutdown up for the whole grace period.
 */
final class LiveViewShutdown implements LifeCycle.Listener {

    private final LiveHub hub;

    LiveViewShutdown(LiveHub hub) {
        this.hub = hub;
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        hub.close();
    }
}

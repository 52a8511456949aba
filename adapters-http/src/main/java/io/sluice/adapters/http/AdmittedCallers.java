package io.sluice.adapters.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.function.Function;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.spi.internal.ValueParamProvider;

/**
 * Supplies {@code @Admitted Caller} parameters from the request the access filter admitted.
 * A resource could take {@code @Context ContainerRequestContext} and read the property itself, but
 * Jersey resolves that through its injection manager on every request: ~3 µs of the ~100 µs of
 * server CPU a single-event request costs (async-profiler, docs/benchmarks.md, issue 18), where this
 * is one function call on the request Jersey already holds. Thread-safe.
 */
final class AdmittedCallers implements ValueParamProvider {

    /** Registers this provider with Jersey; one of the components {@link HttpRoutes} returns. */
    static AbstractBinder binder() {
        return new AbstractBinder() {
            @Override
            protected void configure() {
                bind(new AdmittedCallers()).to(ValueParamProvider.class);
            }
        };
    }

    @Override
    public Function<ContainerRequest, ?> getValueProvider(Parameter parameter) {
        return parameter.getRawType() == Caller.class && parameter.isAnnotationPresent(Admitted.class)
                ? AdmittedCallers::of : null;
    }

    @Override
    public PriorityType getPriority() {
        return Priority.HIGH;
    }

    /** The caller {@link AccessFeature} admitted for this request. */
    static Caller of(ContainerRequestContext request) {
        Object caller = request.getProperty(Caller.PROPERTY);
        if (caller instanceof Caller admitted) {
            return admitted;
        }
        // Only reachable when the routes run without AccessFeature (never in the application).
        throw new IllegalStateException("write route reached without AccessFeature");
    }
}

package io.sluice.adapters.http;

import io.sluice.application.port.in.RouteFamily;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * Puts each resource method of this module behind its {@link Access} level: read routes need a
 * read key, admin routes an admin key, the seeds' read routes a read key only where write keys
 * are required, write routes a write key (or none when anonymous ingestion is allowed) and a token
 * from the caller's bucket, then room for their body in the {@link BodyBudget}. A resource method
 * of this module without {@link Access} stops the
 * application from starting. Methods of other modules (bootstrap's) are left alone. Thread-safe.
 */
public final class AccessFeature implements DynamicFeature {

    /** The client's address, kept on write requests for resources that admit callers themselves. */
    static final String ADDRESS_PROPERTY = "io.sluice.adapters.http.ClientAddress";

    private final Gate gate;
    private final BodyBudget bodies;

    AccessFeature(Gate gate, BodyBudget bodies) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.bodies = Objects.requireNonNull(bodies, "bodies");
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        Method method = resourceInfo.getResourceMethod();
        Class<?> resource = resourceInfo.getResourceClass();
        if (method == null || resource == null || !resource.getPackageName().equals(AccessFeature.class.getPackageName())) {
            return;
        }
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            throw new IllegalStateException(resource.getSimpleName() + "." + method.getName()
                    + " has no @Access: every route of the HTTP adapter says who may call it");
        }
        if ((access.value() == Access.Level.WRITE) != (access.family().length == 1)) {
            throw new IllegalStateException(resource.getSimpleName() + "." + method.getName()
                    + ": a write route names exactly one route family in @Access, other routes none");
        }
        if (access.value() != Access.Level.PUBLIC) {
            context.register(new Filter(gate, access), Priorities.AUTHENTICATION);
        }
        if (access.value() == Access.Level.WRITE) {
            // After admission: a refused caller takes no room from the others.
            context.register(bodies, Priorities.AUTHORIZATION);
        }
    }

    /** Admits the requests of one resource method. */
    static final class Filter implements ContainerRequestFilter {

        private final Gate gate;
        // The annotation's values, read once: each call on an annotation goes through a proxy (and family()
        // clones its array), which showed in the single-event profile.
        private final Access.Level level;
        private final RouteFamily family;
        private final boolean keyInBody;

        @Context
        private HttpServletRequest servletRequest;

        Filter(Gate gate, Access access) {
            this.gate = gate;
            this.level = access.value();
            this.family = access.family().length == 1 ? access.family()[0] : null;
            this.keyInBody = access.keyInBody();
        }

        @Override
        public void filter(ContainerRequestContext request) {
            try {
                admit(request);
            } catch (HttpProblem refused) {
                // Answered before the body was read: read the rest of it (bounded), or the client, still
                // sending, sees the connection close instead of the 401 or 429 (see RequestBody).
                RequestBody.swallowQuietly(request.getEntityStream());
                throw refused;
            }
        }

        private void admit(ContainerRequestContext request) {
            String presented = Gate.presentedKey(request.getHeaders());
            switch (level) {
                case READ -> {
                    gate.admitRead(presented);
                    return;
                }
                case SEED_READ -> {
                    gate.admitSeedRead(presented);
                    return;
                }
                case ADMIN -> {
                    gate.admitAdmin(presented);
                    return;
                }
                default -> {
                    // WRITE, below
                }
            }
            String address = gate.clientAddress(peer(servletRequest), request.getHeaderString(Gate.FORWARDED_FOR));
            request.setProperty(ADDRESS_PROPERTY, address);
            if (presented == null && keyInBody) {
                // The resource reads the body and admits the request with its writeKey (or anonymously).
                return;
            }
            request.setProperty(Caller.PROPERTY, gate.admitWrite(presented, address, family));
        }
    }

    /** The connection's peer, or {@code null} outside a servlet container (Jersey's in-memory test harness). */
    static String peer(HttpServletRequest servletRequest) {
        if (servletRequest == null) {
            return null;
        }
        try {
            return servletRequest.getRemoteAddr();
        } catch (IllegalStateException | UnsupportedOperationException notInAServletContainer) {
            return null;
        }
    }
}

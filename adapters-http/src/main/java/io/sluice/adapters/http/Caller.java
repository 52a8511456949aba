package io.sluice.adapters.http;

import io.sluice.domain.event.EventSource;

/**
 * Who sent an ingestion request: a write key's source, or an anonymous client address. Kept on
 * the request (as {@link #PROPERTY}) by {@link AccessFeature}'s filter; a resource takes it as an
 * {@code @Admitted Caller} parameter ({@link AdmittedCallers}). Immutable.
 *
 * @param keyed whether a write key identified the caller
 * @param name  the write key's source, or the client's address
 */
record Caller(boolean keyed, String name) {

    static final String PROPERTY = "io.sluice.adapters.http.Caller";

    static Caller key(String source) {
        return new Caller(true, source);
    }

    static Caller anonymous(String address) {
        return new Caller(false, address);
    }

    /** The source events are attributed to: the key's, else the route family's own. */
    EventSource source(EventSource anonymousSource) {
        return keyed ? new EventSource(name) : anonymousSource;
    }
}

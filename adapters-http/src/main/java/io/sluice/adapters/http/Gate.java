package io.sluice.adapters.http;

import io.sluice.application.port.in.RouteFamily;
import io.sluice.application.port.out.ObservePipelinePort;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Admits requests: finds the key a request presents, checks it, and takes a token from the
 * caller's bucket. Used by {@link AccessFeature}'s filter for keys in headers and by the Segment
 * routes for a key in the body. Refusals are {@link HttpProblem}s (401, 429). Thread-safe.
 */
final class Gate {

    static final String WRITE_KEY_HEADER = "X-Write-Key";
    static final String API_KEY_HEADER = "X-Api-Key";
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private final HttpAccess access;
    private final RateLimiter limiter;
    private final ClientAddress addresses;
    private final ObservePipelinePort observe;

    Gate(HttpAccess access, ObservePipelinePort observe) {
        this.access = access;
        this.limiter = new RateLimiter(access.rateLimit());
        this.addresses = new ClientAddress(access.rateLimit().trustedProxies());
        this.observe = observe;
    }

    /** The client's address, from the peer and a trusted proxy's {@code X-Forwarded-For}. */
    String clientAddress(String peer, String forwardedFor) {
        return addresses.of(peer, forwardedFor);
    }

    /** @throws HttpProblem 401 unless {@code presented} is a read key */
    void admitRead(String presented) {
        if (presented == null) {
            throw HttpProblem.unauthorized("missing_key", "This route needs a read key: send it as 'Authorization: Bearer <key>' "
                    + "(or as the Basic user name, or in X-Api-Key).");
        }
        if (!access.keys().readable(presented)) {
            throw HttpProblem.unauthorized("invalid_key", "The key is not a read key.");
        }
    }

    /** The seeds' read routes: open where ingestion needs no write key, else as {@link #admitRead}. */
    void admitSeedRead(String presented) {
        if (access.writeKeyRequired()) {
            admitRead(presented);
        }
    }

    /** @throws HttpProblem 401 unless {@code presented} is an admin key */
    void admitAdmin(String presented) {
        if (presented == null) {
            throw HttpProblem.unauthorized("missing_key", "This route needs an admin key: send it as 'Authorization: Bearer <key>' "
                    + "(or as the Basic user name, or in X-Api-Key).");
        }
        if (!access.keys().admin(presented)) {
            throw HttpProblem.unauthorized("invalid_key", "The key is not an admin key.");
        }
    }

    /**
     * @param presented the write key the request carries, or {@code null}
     * @param address   the client's address (anonymous callers are limited by it)
     * @throws HttpProblem 401 for a wrong key or a missing one where write keys are required (without
     *                     that, an unknown key is counted and the request admitted anonymously),
     *                     429 over the budget
     */
    Caller admitWrite(String presented, String address, RouteFamily family) {
        Caller caller;
        if (presented != null) {
            String source = access.keys().writeSource(presented);
            if (source != null) {
                caller = Caller.key(source);
            } else if (access.writeKeyRequired()) {
                throw HttpProblem.unauthorized("invalid_key", "The key is not a write key.");
            } else {
                // Segment's libraries cannot send no key: with keys not required, an unknown one is no key at all.
                observe.unknownWriteKey(family);
                caller = Caller.anonymous(address);
            }
        } else if (access.writeKeyRequired()) {
            throw HttpProblem.unauthorized("missing_key", "This route needs a write key: send it as the HTTP Basic user name, "
                    + "as 'Authorization: Bearer <key>' or in X-Write-Key.");
        } else {
            caller = Caller.anonymous(address);
        }
        Duration wait = limiter.take(caller);
        if (wait != null) {
            observe.rateLimited(family);
            throw HttpProblem.rateLimited(RetryAfter.seconds(wait));
        }
        return caller;
    }

    /**
     * Charges a request's items to its caller's event budget, once the items are counted.
     *
     * @param caller the admitted caller, or {@code null} when the route admitted nobody (not limited)
     * @throws HttpProblem 429 when the budget cannot pay for all of them; nothing of the request is accepted
     */
    void chargeEvents(Caller caller, int items, RouteFamily family) {
        if (caller == null) {
            return;
        }
        Duration wait = limiter.takeEvents(caller, items);
        if (wait != null) {
            observe.rateLimited(family);
            throw HttpProblem.eventBudgetSpent(RetryAfter.seconds(wait), items);
        }
    }

    /**
     * The key in the headers: {@code Authorization: Bearer <key>}, the user name of
     * {@code Authorization: Basic} (Segment's libraries send the write key so, with an empty
     * password), {@code X-Write-Key} or {@code X-Api-Key}; {@code null} when there is none.
     *
     * @throws HttpProblem 401 when {@code Authorization} cannot be read
     */
    static String presentedKey(MultivaluedMap<String, String> headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.trim();
            String scheme = value.length() > 6 ? value.substring(0, 6).toLowerCase(Locale.ROOT) : "";
            if (scheme.equals("bearer") && value.charAt(6) == ' ') {
                return nonEmpty(value.substring(7).trim());
            }
            if (scheme.equals("basic ")) {
                return basicUser(value.substring(6).trim());
            }
            throw HttpProblem.unauthorized("invalid_authorization", "Authorization must be 'Basic' or 'Bearer'.");
        }
        String writeKey = nonEmpty(headers.getFirst(WRITE_KEY_HEADER));
        return writeKey != null ? writeKey : nonEmpty(headers.getFirst(API_KEY_HEADER));
    }

    private static String basicUser(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw HttpProblem.unauthorized("invalid_authorization", "Authorization: Basic carries no valid Base64.");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        // Some clients put the key in the password and leave the user empty.
        return user.isEmpty() && colon >= 0 ? nonEmpty(decoded.substring(colon + 1)) : nonEmpty(user);
    }

    private static String nonEmpty(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

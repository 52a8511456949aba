package io.sluice.adapters.http;

import java.time.Duration;
import java.util.List;

/** The keys and access settings the adapter's tests use. */
final class Keys {

    static final String READ_KEY = "test-read-key";
    static final String WRITE_KEY = "test-write-key";
    static final String OTHER_WRITE_KEY = "other-write-key";
    static final String ADMIN_KEY = "test-admin-key";

    private Keys() {
    }

    static ApiKeys keys() {
        return new ApiKeys(List.of(new ApiKeys.WriteKey("web", ApiKeys.sha256Hex(WRITE_KEY)),
                new ApiKeys.WriteKey("mobile", ApiKeys.sha256Hex(OTHER_WRITE_KEY))),
                List.of(new ApiKeys.ReadKey("tests", ApiKeys.sha256Hex(READ_KEY))),
                List.of(new ApiKeys.AdminKey("ops", ApiKeys.sha256Hex(ADMIN_KEY))));
    }

    /** Anonymous writes allowed, no rate limit, no CORS: the adapter's routes as the native tests knew them. */
    static HttpAccess anonymousWrites() {
        return new HttpAccess(keys(), false, HttpAccess.RateLimit.off(), HttpAccess.Cors.off());
    }

    static HttpAccess writeKeysRequired() {
        return new HttpAccess(keys(), true, HttpAccess.RateLimit.off(), HttpAccess.Cors.off());
    }

    static HttpAccess.Cors cors(String origin) {
        return new HttpAccess.Cors(List.of(origin), List.of("GET", "POST", "OPTIONS"),
                List.of("Content-Type", "Authorization", "X-Write-Key"), Duration.ofMinutes(10));
    }
}

package io.sluice.bootstrap.compat;

import io.sluice.bootstrap.testkit.SluiceProcess;

/** The keys {@code compat-config.yml} configures (keys required, one with a tight rate limit). */
final class CompatKeys {

    static final String SEGMENT_KEY = "segment-key";
    static final String OTHER_KEY = "other-key";
    static final String LIMITED_KEY = "limited-key";
    static final String READ_KEY = SluiceProcess.READ_KEY;
    static final String ADMIN_KEY = "admin-key";

    private CompatKeys() {
    }
}

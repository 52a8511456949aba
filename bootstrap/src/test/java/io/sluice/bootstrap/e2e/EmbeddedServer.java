package io.sluice.bootstrap.e2e;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.sluice.adapters.postgres.PostgresFixture;
import io.sluice.bootstrap.SluiceApplication;
import io.sluice.bootstrap.SluiceConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sluice in the test JVM on {@code e2e-config.yml} (Chronicle buffer, ephemeral ports) with its
 * own data directory and a test database: the setup the end-to-end and reliability tests share.
 */
public final class EmbeddedServer {

    private EmbeddedServer() {
    }

    /** For {@code @ExtendWith(DropwizardExtensionsSupport.class)} tests: one server for the test class. */
    public static DropwizardAppExtension<SluiceConfiguration> extension(PostgresFixture.TestDatabase db, Path dataDir,
                                                                         ConfigOverride... more) {
        return new DropwizardAppExtension<>(SluiceApplication.class, ResourceHelpers.resourceFilePath("e2e-config.yml"),
                overrides(db, dataDir, more));
    }

    /** For tests that start and stop servers themselves, several on the same data directory. */
    public static DropwizardTestSupport<SluiceConfiguration> support(PostgresFixture.TestDatabase db, Path dataDir,
                                                                     ConfigOverride... more) {
        return new DropwizardTestSupport<>(SluiceApplication.class, ResourceHelpers.resourceFilePath("e2e-config.yml"),
                overrides(db, dataDir, more));
    }

    public static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static ConfigOverride[] overrides(PostgresFixture.TestDatabase db, Path dataDir, ConfigOverride... more) {
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("dataDir", dataDir.toString()),
                ConfigOverride.config("database.url", db.jdbcUrl()),
                ConfigOverride.config("database.user", db.user()),
                ConfigOverride.config("database.password", db.password())));
        all.addAll(Arrays.asList(more));
        return all.toArray(ConfigOverride[]::new);
    }
}

package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import io.sluice.adapters.postgres.DirectoryLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One Sluice process per data directory: an exclusive OS file lock ({@link DirectoryLock}) on
 * {@code <dataDir>/sluice.lock}, taken before the database or the buffer is touched and held for
 * the life of the process. A second start on the same directory fails with the first one's pid
 * instead of stopping its database or sharing its queue files.
 */
final class DataDirectoryLock implements Managed, AutoCloseable {

    static final String FILE_NAME = "sluice.lock";

    private final DirectoryLock lock;

    private DataDirectoryLock(DirectoryLock lock) {
        this.lock = lock;
    }

    /** @throws IllegalStateException when another process holds the directory */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        return new DataDirectoryLock(DirectoryLock.acquire(dataDir.resolve(FILE_NAME), holder -> "The data directory "
                + dataDir.toAbsolutePath() + " is in use by another Sluice process" + holder + ". Stop it first, or give this one "
                + "its own SLUICE_DATA_DIR. Nothing was started or stopped."));
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        lock.close();
    }
}

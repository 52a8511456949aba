package io.sluice.bootstrap;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Sluice process per data directory: an exclusive OS file lock on {@code <dataDir>/sluice.lock},
 * taken before the database or the buffer is touched and held for the life of the process (the
 * kernel releases it when the process dies, SIGKILL included). A second start on the same directory
 * fails with the first one's pid instead of stopping its database or sharing its queue files.
 */
final class DataDirectoryLock implements Managed, AutoCloseable {

    static final String FILE_NAME = "sluice.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException when another process holds the directory */
    static DataDirectoryLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldByThisJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
            channel.close();
            throw new IllegalStateException("The data directory " + dataDir.toAbsolutePath() + " is in use by another Sluice process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ". Stop it first, or give this one its own "
                    + "SLUICE_DATA_DIR. Nothing was started or stopped.");
        }
        channel.truncate(0);
        channel.write(StandardCharsets.US_ASCII.encode(Long.toString(ProcessHandle.current().pid())));
        channel.force(true);
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                lock.release();
                channel.close();
            }
        } catch (IOException ignored) {
            // closing releases the lock anyway, and so does the process exit
        }
    }
}

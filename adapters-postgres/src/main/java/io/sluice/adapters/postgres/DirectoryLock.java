package io.sluice.adapters.postgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock (released by the kernel when the process dies, SIGKILL included) on a
 * lock file, naming the holder's pid in the file for the message of the next one who tries.
 * Idempotent {@link #close()}; not thread-safe.
 */
final class DirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException when another process (or this one) holds it */
    static DirectoryLock acquire(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.US_ASCII).trim();
            channel.close();
            throw new IllegalStateException("the embedded PostgreSQL directory is in use by another process"
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": " + file + " is locked");
        }
        channel.truncate(0);
        channel.write(StandardCharsets.US_ASCII.encode(Long.toString(ProcessHandle.current().pid())));
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                lock.release();
                channel.close();
            }
        } catch (IOException ignored) {
            // closing the channel releases the lock anyway; the process exit would too
        }
    }
}

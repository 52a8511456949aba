package io.sluice.adapters.postgres;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * An exclusive OS file lock (released by the kernel when the process dies, SIGKILL included) on a
 * lock file, naming the holder's pid in the file for the message of the next one who tries. Guards
 * the embedded PostgreSQL directory here and Sluice's data directory in bootstrap.
 * Idempotent {@link #close()}; not thread-safe.
 */
public final class DirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param inUse the refusal's message, given the holder as {@code " (pid N)"}, or {@code ""} when
     *              the file names none
     * @throws IllegalStateException with that message when another process (or this one) holds it
     */
    public static DirectoryLock acquire(Path file, Function<String, String> inUse) throws IOException {
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
            throw new IllegalStateException(inUse.apply(holder.isEmpty() ? "" : " (pid " + holder + ")"));
        }
        channel.truncate(0);
        channel.write(StandardCharsets.US_ASCII.encode(Long.toString(ProcessHandle.current().pid())));
        channel.force(true);
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

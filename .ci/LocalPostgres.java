import io.sluice.adapters.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

/**
 * For .ci/readme-commands: "a PostgreSQL database and user that may create tables" on this machine
 * without installing one: the embedded PostgreSQL from the shaded jar, on a directory of its own,
 * with a database and a login role named sluice. Run as a single-file program with the jar on the
 * class path: {@code java -cp bootstrap/target/sluice.jar .ci/LocalPostgres.java DIR PASSWORD}.
 * Prints {@code JDBC=<url>} once ready and serves until SIGTERM.
 */
public final class LocalPostgres {

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        try (Connection connection = server.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE sluice LOGIN PASSWORD '" + args[1].replace("'", "''") + "'");
            statement.execute("CREATE DATABASE sluice OWNER sluice");
        }
        System.out.println("JDBC=" + server.jdbcUrl("sluice"));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}

package io.sluice.adapters.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedPostgresServerTest}: starts a durable server on the
 * directory given, writes a row, prints {@code READY <postmaster pid>} and waits to be killed.
 */
final class ServerInChildJvm {

    private ServerInChildJvm() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
        try (Connection connection = server.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS survivors (note text)");
            statement.execute("INSERT INTO survivors VALUES ('written by the killed JVM')");
        }
        String pid = java.nio.file.Files.readAllLines(server.dataDirectory().resolve("postmaster.pid")).get(0).trim();
        System.out.println("READY " + pid);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

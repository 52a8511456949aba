package io.sluice.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path temp;

    @Test
    void isDurableAndKeepsItsDataAcrossACleanRestart() throws Exception {
        Path data = temp.resolve("pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(query(server, "SHOW fsync")).isEqualTo("on");
            assertThat(query(server, "SHOW synchronous_commit")).isEqualTo("on");
            assertThat(query(server, "SHOW full_page_writes")).isEqualTo("on");
            assertThat(query(server, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
            execute(server, "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('first run')");
            assertThat(server.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:" + server.port() + "/");
        }
        assertThat(data.resolve("postmaster.pid")).doesNotExist();

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(data)) {
            assertThat(query(again, "SELECT v FROM kept")).isEqualTo("first run");
        }
    }

    @Test
    void sizesItsBufferPoolWhenToldAndKeepsPostgresDefaultOtherwise() throws Exception {
        Path data = temp.resolve("pg");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, 0, EmbeddedPostgresServer.Durability.DURABLE,
                (300L << 20) + 12345)) {
            assertThat(query(server, "SHOW shared_buffers")).isEqualTo("300MB");
        }
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            assertThat(query(server, "SHOW shared_buffers")).isEqualTo("128MB");
        }
    }

    @Test
    void startsOverAStalePidFileWhoseProcessIsGoneOrIsNotAPostmaster() throws Exception {
        Path data = temp.resolve("pg");
        String pidFile;
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
            execute(server, "CREATE TABLE kept (v text)", "INSERT INTO kept VALUES ('before the crash')");
            pidFile = Files.readString(data.resolve("postmaster.pid"));
        }
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        for (long stalePid : new long[] {finished.pid(), ProcessHandle.current().pid()}) {
            Files.writeString(data.resolve("postmaster.pid"), pidFile.replaceFirst("^\\d+", Long.toString(stalePid)));

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
                assertThat(query(server, "SELECT v FROM kept")).isEqualTo("before the crash");
            }
        }
    }

    @Test
    void stopsAnOrphanedPostmasterLeftByAKilledJvmAndStartsOnItsDirectory() throws Exception {
        Path data = temp.resolve("pg");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ServerInChildJvm.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        long orphanPid = -1;
        try {
            List<String> output = new ArrayList<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.add(line);
                if (line.startsWith("READY ")) {
                    orphanPid = Long.parseLong(line.substring(6).trim());
                    break;
                }
            }
            assertThat(orphanPid).as("child output %s", output).isPositive();

            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(PostmasterProcess.isPostmasterOf(orphanPid, data.toRealPath())).as("the postmaster outlives its JVM").isTrue();

            try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
                assertThat(PostmasterProcess.isRunning(orphanPid)).isFalse();
                assertThat(query(server, "SELECT note FROM survivors")).isEqualTo("written by the killed JVM");
            }
        } finally {
            child.destroyForcibly();
            if (orphanPid > 0 && PostmasterProcess.isRunning(orphanPid)) {
                new ProcessBuilder("kill", "-s", "QUIT", Long.toString(orphanPid)).start().waitFor();
            }
        }
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static void execute(EmbeddedPostgresServer server, String... sql) throws SQLException {
        try (Connection c = server.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }
}

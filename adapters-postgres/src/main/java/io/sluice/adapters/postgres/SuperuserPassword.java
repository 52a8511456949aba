package io.sluice.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The embedded server's superuser logs in with a password only: generated at the first start and
 * kept next to the data directory (mode 0600), and a {@code pg_hba.conf} that allows nothing but
 * {@code scram-sha-256} logins, so another local user cannot connect as superuser (zonky's
 * {@code initdb -A trust} is replaced at the first start). Stateless and thread-safe.
 */
final class SuperuserPassword {

    static final String SUPERUSER = "postgres";

    private static final String HBA = """
            # Written by Sluice: the superuser needs the password kept in the data directory's sibling file
            # <directory>.password (mode 0600). No trust, no peer: any local user could otherwise log in as superuser.
            local   all   all                scram-sha-256
            host    all   all   127.0.0.1/32 scram-sha-256
            host    all   all   ::1/128      scram-sha-256
            """;

    private SuperuserPassword() {
    }

    /** The superuser's password from its file, generated (256 bits, mode 0600) when there is none yet. */
    static String readOrCreate(Path file) throws IOException {
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
    static void require(EmbeddedPostgres postgres, Path directory, String password) throws IOException, SQLException {
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
}

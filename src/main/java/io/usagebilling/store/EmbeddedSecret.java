package io.usagebilling.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;

/**
 * The embedded PostgreSQL's superuser password: generated when the folder is first used, kept in the
 * folder readable by its owner only ({@code billing-db.secret}, 0600), and from then on required of
 * every connection (SCRAM): initdb's "trust" let any local user in as superuser, one
 * {@code COPY ... TO PROGRAM} away from running commands as the database's owner.
 */
final class EmbeddedSecret {

    static final String USER = "postgres";
    private static final String FILE = "billing-db.secret";
    private static final String HBA = """
            # written by usage-billing: every connection gives the password in billing-db.secret (SCRAM)
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    private EmbeddedSecret() {}

    /** The folder's password, once it has one. */
    static Optional<String> of(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    }

    /** Gives a server that still trusts everyone (a new folder, or one from before) its password. */
    static String protect(EmbeddedPostgres pg, Path dir) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + USER + " PASSWORD '" + secret + "'"); // base64url: no quote to escape
            Path file = dir.resolve(FILE);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            Files.writeString(dir.resolve("pg_hba.conf"), HBA);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
        }
        return secret;
    }
}

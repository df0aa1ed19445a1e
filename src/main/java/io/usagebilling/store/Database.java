package io.usagebilling.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.usagebilling.observe.Secrets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The PostgreSQL pool, migrated by Flyway; starts and stops the embedded server when no URL is given. */
public final class Database implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;

    /** The embedded server this process started, with its password. */
    private record Embedded(EmbeddedPostgres server, String password) {}

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
    }

    public static Database open(DatabaseSettings settings) {
        Optional<Integer> running = settings.external() ? Optional.empty() : runningEmbedded(settings);
        Embedded started = settings.external() || running.isPresent() ? null : startEmbedded(settings);
        EmbeddedPostgres embedded = started == null ? null : started.server();
        HikariConfig config = new HikariConfig();
        config.setPoolName("billing");
        config.setMaximumPoolSize(8);
        if (started != null) {
            config.setJdbcUrl(embedded.getJdbcUrl(EmbeddedSecret.USER, "postgres"));
            config.setPassword(started.password());
        } else if (running.isPresent()) {
            // the server a live usage-billing runs in the folder (a verb beside the service): used, never stopped
            config.setJdbcUrl("jdbc:postgresql://localhost:" + running.get() + "/postgres");
            config.setUsername(EmbeddedSecret.USER);
            config.setPassword(secretOf(settings));
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeQuietly(embedded);
            throw new IllegalStateException("cannot connect to PostgreSQL at " + Secrets.mask(config.getJdbcUrl()) + ": "
                    + Secrets.mask(rootMessage(e)), e);
        }
        Database db = new Database(embedded, pool);
        try {
            Flyway.configure().dataSource(pool).load().migrate();
        } catch (RuntimeException e) {
            db.close();
            throw new IllegalStateException("database migration failed: " + rootMessage(e), e);
        }
        return db;
    }

    private static Optional<Integer> runningEmbedded(DatabaseSettings settings) {
        try {
            Files.createDirectories(settings.embeddedDataDir());
            return EmbeddedFolder.prepare(settings.embeddedDataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the data folder " + settings.embeddedDataDir() + ": " + rootMessage(e), e);
        }
    }

    private static String secretOf(DatabaseSettings settings) {
        try {
            return EmbeddedSecret.of(settings.embeddedDataDir()).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded PostgreSQL's password in " + settings.embeddedDataDir(), e);
        }
    }

    private static Embedded startEmbedded(DatabaseSettings settings) {
        try {
            String durable = settings.durable() ? "on" : "off";
            Optional<String> secret = EmbeddedSecret.of(settings.embeddedDataDir());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            secret.ifPresent(password -> builder.setConnectConfig("password", password));
            EmbeddedPostgres server = builder
                    .setDataDirectory(settings.embeddedDataDir())
                    // zonky's defaults are a test database's: an OS crash could lose committed ledger rows
                    .setServerConfig("fsync", durable)
                    .setServerConfig("synchronous_commit", durable)
                    .setServerConfig("full_page_writes", durable)
                    .setCleanDataDirectory(false)
                    // Stopped by close(), after the pool, when Camel shuts down (also on SIGTERM).
                    .setRegisterShutdownHook(false)
                    .start();
            try {
                return new Embedded(server, secret.isPresent() ? secret.get()
                        : EmbeddedSecret.protect(server, settings.embeddedDataDir()));
            } catch (IOException e) {
                server.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + settings.embeddedDataDir() + ": "
                    + rootMessage(e), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(embedded);
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        if (pg == null) {
            return;
        }
        try {
            pg.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}

package io.usagebilling.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: the server given by BILLING_DB_URL (with BILLING_DB_USER and
 * BILLING_DB_PASSWORD), or else one embedded server for the whole test JVM. Each caller gets a
 * fresh schema of its own, so tests never see each other's rows.
 */
public final class TestPostgres {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final String SCHEMA_PREFIX = "t" + ProcessHandle.current().pid() + "_";
    private static String baseUrl;
    private static String user;
    private static String password;

    private TestPostgres() {}

    /** A JDBC URL whose connections default to a new, empty schema. */
    public static synchronized String newSchemaUrl() {
        if (baseUrl == null) {
            connect();
        }
        String schema = SCHEMA_PREFIX + SCHEMAS.incrementAndGet();
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema in " + baseUrl, e);
        }
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** The {@code billing.db.*} properties that point the application at a new schema. */
    public static Map<String, String> newSchemaProperties() {
        return Map.of(
                "billing.db.url", newSchemaUrl(),
                "billing.db.user", user == null ? "" : user,
                "billing.db.password", password == null ? "" : password);
    }

    public static String user() {
        return user;
    }

    public static String password() {
        return password;
    }

    /** Leaves an external server as it was found. */
    private static void dropSchemas() {
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement s = c.createStatement()) {
            for (int i = 1; i <= SCHEMAS.get(); i++) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA_PREFIX + i + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas " + SCHEMA_PREFIX + "*: " + e.getMessage());
        }
    }

    private static void connect() {
        String external = System.getenv("BILLING_DB_URL");
        if (external != null && !external.isBlank()) {
            baseUrl = external;
            user = System.getenv("BILLING_DB_USER");
            password = System.getenv("BILLING_DB_PASSWORD");
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::dropSchemas));
            return;
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            baseUrl = pg.getJdbcUrl("postgres", "postgres");
            user = "postgres";
            password = "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
        }
    }
}

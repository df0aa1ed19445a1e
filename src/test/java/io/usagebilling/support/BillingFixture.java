package io.usagebilling.support;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.AutotaskSimulator;
import io.usagebilling.sim.DattoRmmSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The real application (routes from routes/, beans, PostgreSQL in a fresh schema) wired to a
 * Datto RMM and an Autotask simulator on loopback, as the demo runs it.
 */
public final class BillingFixture implements AutoCloseable {

    public static final String RMM_TOKEN = "test-rmm-token";
    public static final String AT_CODE = "TESTCODE";
    public static final String AT_USER = "api@test.example";
    public static final String AT_SECRET = "test-secret";

    public final DattoRmmSimulator rmm = DattoRmmSimulator.start(RMM_TOKEN);
    public final AutotaskSimulator psa = AutotaskSimulator.start(AT_CODE, AT_USER, AT_SECRET);
    /** CSV drop folders, one per module; removed on close. */
    public final Path dropDir = tempDir("usage-billing-drops");
    private final Map<String, String> properties = new HashMap<>(TestPostgres.newSchemaProperties());
    private BillingApp app;

    public BillingFixture() {
        properties.put("billing.mappings-dir", "src/test/resources/e2e-mappings");
        properties.put("camel.server.enabled", "false");
        properties.put("billing.drop-dir", dropDir.toString());
        properties.put("modules.datto-rmm.base-url", rmm.baseUrl());
        properties.put("modules.datto-rmm.api-token", RMM_TOKEN);
        properties.put("modules.datto-rmm.page-size", "2");
        properties.put("psa.autotask.zone-lookup-url", psa.zoneLookupBase());
        properties.put("psa.autotask.integration-code", AT_CODE);
        properties.put("psa.autotask.username", AT_USER);
        properties.put("psa.autotask.secret", AT_SECRET);
        properties.put("psa.timeout-seconds", "2");
        properties.put("sources.retries", "1");
        properties.put("sources.retry-delay", "10");
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public BillingFixture with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public BillingApp start() throws Exception {
        app = BillingApp.start(properties);
        return app;
    }

    public DataSource dataSource() {
        return app.dataSource();
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
        rmm.close();
        psa.close();
        try (Stream<Path> paths = Files.walk(dropDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

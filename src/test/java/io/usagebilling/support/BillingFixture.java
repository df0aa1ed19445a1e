package io.usagebilling.support;

import io.usagebilling.app.BillingApp;
import io.usagebilling.sim.AutotaskSimulator;
import io.usagebilling.sim.DattoRmmSimulator;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
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
    private final Map<String, String> properties = new HashMap<>(TestPostgres.newSchemaProperties());
    private BillingApp app;

    public BillingFixture() {
        properties.put("billing.mappings-dir", "src/test/resources/e2e-mappings");
        properties.put("camel.server.enabled", "false");
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

    public BillingFixture with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public BillingApp start() throws Exception {
        app = BillingApp.start(properties);
        return app;
    }

    /** Waits up to 20 s for {@code sql} to return a row (e.g. a scheduled route's first write) and returns its first column. */
    public <T> T awaitFirstRow(String sql, Class<T> type, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Connection c = dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (rs.next()) {
                    return rs.getObject(1, type);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen within 20 s");
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
    }
}

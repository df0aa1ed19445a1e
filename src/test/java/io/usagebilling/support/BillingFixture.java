package io.usagebilling.support;

import io.usagebilling.api.ApiTokens;
import io.usagebilling.app.BillingApp;
import io.usagebilling.cli.Cli;
import io.usagebilling.sim.DattoRmmSimulator.Site;
import io.usagebilling.sim.psa.SimulatedPsa;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.sim.psa.AutotaskSimulator;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The real application (routes from routes/, beans, PostgreSQL in a fresh schema) wired to a
 * Datto RMM and an Autotask simulator on loopback, as the demo runs it.
 */
public final class BillingFixture implements AutoCloseable {

    public static final String RMM_API_KEY = "test-rmm-api-key";
    public static final String RMM_API_SECRET = "test-rmm-api-secret";
    public static final String AT_CODE = "TESTCODE";
    public static final String AT_USER = "api@test.example";
    public static final String AT_SECRET = "test-secret";
    /** The e2e mappings every fixture starts with (see {@link #withThreeContracts}). */
    public static final Path E2E_MAPPINGS = Path.of("src/test/resources/e2e-mappings");
    private static final String MALFORMED =
            "{\"id\":9,\"uid\":\"site-bad\",\"name\":\"Broken\",\"devicesStatus\":{\"numberOfDevices\":-4}}";

    public final DattoRmmSimulator rmm = DattoRmmSimulator.start(RMM_API_KEY, RMM_API_SECRET);
    public final AutotaskSimulator psa = AutotaskSimulator.start(AT_CODE, AT_USER, AT_SECRET);
    /** CSV drop folders, one per module; removed on close. */
    public final Path dropDir = tempDir("usage-billing-drops");
    private final Map<String, String> properties = new HashMap<>(TestPostgres.newSchemaProperties());
    private BillingApp app;

    public BillingFixture() {
        properties.put("billing.mappings-dir", E2E_MAPPINGS.toString());
        properties.put("camel.server.enabled", "false");
        properties.put("billing.drop-dir", dropDir.toString());
        properties.put("modules.datto-rmm.base-url", rmm.baseUrl());
        properties.put("modules.datto-rmm.api-key", RMM_API_KEY);
        properties.put("modules.datto-rmm.api-secret", RMM_API_SECRET);
        properties.put("modules.datto-rmm.page-size", "2");
        // the simulated Datto RMM answers for whichever day a test syncs
        properties.put("modules.datto-rmm.serves-past-days", "true");
        properties.put("psa.autotask.zone-lookup-url", psa.zoneLookupBase());
        properties.put("psa.autotask.integration-code", AT_CODE);
        properties.put("psa.autotask.username", AT_USER);
        properties.put("psa.autotask.secret", AT_SECRET);
        properties.put("psa.timeout-seconds", "2");
        properties.put("sources.retries", "1");
        properties.put("sources.retry-delay", "10");
        properties.put("psa.retry-delay-ms", "20");
    }

    /**
     * The e2e mappings' PSA side: contracts 11 (Acme: two sites, 10 units) and 12 (Birch, 4) prorate
     * daily, 13 (Cobalt, 0) is month_end; each has service 500 from 1 Sep 2026.
     */
    public BillingFixture withThreeContracts() {
        threeContracts(psa);
        return this;
    }

    /** A copy of the e2e mappings' files in {@code folder}, for a test that edits them. */
    public static void copyE2eMappings(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(E2E_MAPPINGS)) {
            for (Path file : files.toList()) {
                Files.copy(file, folder.resolve(file.getFileName()));
            }
        }
    }

    /** The e2e mappings' three contracts (see {@link #withThreeContracts}) at any PSA's simulator. */
    public static void threeContracts(SimulatedPsa psa) {
        psa.addCompany(101, "Acme Dental");
        psa.addCompany(102, "Birch Logistics");
        psa.addCompany(103, "Cobalt Legal");
        psa.addContract(11, 101, "Managed Devices");
        psa.addContract(12, 102, "Managed Devices");
        psa.addContract(13, 103, "Managed Devices");
        LocalDate since = LocalDate.of(2026, 9, 1);
        psa.addLine(11, 500, BigDecimal.TEN, since);
        psa.addLine(12, 500, new BigDecimal("4"), since);
        psa.addLine(13, 500, BigDecimal.ZERO, since);
    }

    /**
     * Three PSA companies more that unmapped sites are named like: 104 "Dunlin Freight" and 105 "Dunlin
     * Freight Ltd", the same once the legal form is dropped (a tie at 1.00), and 106 "Elm Street Clinic".
     * {@link #showSitesNamedLikeCompanies} shows the sites.
     */
    public BillingFixture withCompaniesNamedLikeSites() {
        psa.addCompany(104, "Dunlin Freight");
        psa.addCompany(105, "Dunlin Freight Ltd");
        psa.addCompany(106, "Elm Street Clinic");
        return this;
    }

    /** Acme's mapped main site and six unmapped ones, named more or less like the PSA's companies. */
    public void showSitesNamedLikeCompanies() {
        rmm.setSites(List.of(
                new Site(1, "site-a1", "Acme Dental - Main", 5),
                new Site(6, "site-lab", "ACME Dental, Inc. - Lab", 3),
                new Site(7, "site-depot", "Birch Logistics - Depot", 2),
                new Site(8, "site-dunlin", "Dunlin Freight", 4),
                new Site(9, "site-elm", "Elm Street Clinic", 1),
                new Site(10, "site-annex", "Cobalt Legal - Annex", 1),
                new Site(11, "site-zed", "Zephyr Works", 7)));
    }

    /**
     * One day's Datto RMM sites: the four mapped ones (Acme main {@code a1}, null = gone; Acme branch,
     * Birch, Cobalt), an unmapped site and one malformed record.
     */
    public void showSites(Integer a1, int a2, int b, int c) {
        List<Site> sites = new ArrayList<>();
        if (a1 != null) {
            sites.add(new Site(1, "site-a1", "Acme Dental - Main", a1));
        }
        sites.add(new Site(2, "site-a2", "ACME Dental Branch", a2));
        sites.add(new Site(3, "site-b", "Birch Logistics", b));
        sites.add(new Site(4, "site-c", "Cobalt Legal LLP", c));
        sites.add(new Site(5, "site-x", "Northwind (unmapped)", 9));
        rmm.setSites(sites);
        rmm.setRawSites(List.of(MALFORMED));
    }

    /** The first column of the first row, as text; works whether or not the application is running. */
    public String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(properties.get("billing.db.url"),
                properties.get("billing.db.user"), properties.get("billing.db.password"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(properties.get("billing.db.url"),
                properties.get("billing.db.user"), properties.get("billing.db.password"));
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    /**
     * {@code bin/usage-billing ARGS} as a child JVM (this test classpath), configured by the environment
     * from {@link #environment()} as in production; its output goes to {@code log}.
     */
    public ProcessBuilder cli(File log, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(environment());
        return builder;
    }

    /** The settings as the environment variables of a child JVM running bin/usage-billing's Cli. */
    public Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("BILLING_DB_URL", properties.get("billing.db.url")),
                Map.entry("BILLING_DB_USER", properties.get("billing.db.user")),
                Map.entry("BILLING_DB_PASSWORD", properties.get("billing.db.password")),
                Map.entry("BILLING_MAPPINGS_DIR", properties.get("billing.mappings-dir")),
                Map.entry("BILLING_DROP_DIR", properties.get("billing.drop-dir")),
                Map.entry("DATTO_RMM_URL", rmm.baseUrl()),
                Map.entry("DATTO_RMM_API_KEY", RMM_API_KEY),
                Map.entry("DATTO_RMM_API_SECRET", RMM_API_SECRET),
                Map.entry("DATTO_RMM_SERVES_PAST_DAYS", properties.get("modules.datto-rmm.serves-past-days")),
                Map.entry("AUTOTASK_ZONE_LOOKUP_URL", psa.zoneLookupBase()),
                Map.entry("AUTOTASK_INTEGRATION_CODE", AT_CODE),
                Map.entry("AUTOTASK_USERNAME", AT_USER),
                Map.entry("AUTOTASK_SECRET", AT_SECRET));
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP server (callbacks, REST API, console) on a free loopback port, at {@link #baseUrl()}. */
    public BillingFixture withHttpServer() {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return with("camel.server.enabled", "true").with("camel.server.port", String.valueOf(free.getLocalPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + properties.get("camel.server.port");
    }

    /** Leases of a child JVM that is going to be killed: short, so the re-run does not wait a minute. */
    public static final Map<String, String> SHORT_LEASES = Map.of("BILLING_LEASE_SECONDS", "2", "BILLING_LEASE_RENEW_MS", "500");

    /** Waits until no running sync run or work unit is held under a live lease (its instance died). */
    public void awaitLeasesRunOut() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count("SELECT (SELECT count(*) FROM sync_run WHERE status = 'running' AND lease_until > now())"
                + " + (SELECT count(*) FROM work_unit WHERE status = 'claimed' AND lease_until > now())") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("leases still held after 30 s");
            }
            Thread.sleep(200);
        }
    }

    /** The daily quantity of service 500 on a contract over days of a month, as a sync would have stored it. */
    public void dailyQuantity(long contract, YearMonth month, int from, int to, int quantity) {
        try (Connection c = dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO daily_quantity (contract_id, service_id, usage_date, quantity, proration)
                VALUES (?, 500, ?, ?, 'daily') ON CONFLICT (contract_id, service_id, usage_date)
                DO UPDATE SET quantity = excluded.quantity""")) {
            for (int d = from; d <= to; d++) {
                ps.setLong(1, contract);
                ps.setObject(2, month.atDay(d));
                ps.setBigDecimal(3, BigDecimal.valueOf(quantity));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
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

    /** A new REST API token of the provider role (may do everything), from the running application. */
    public String providerToken() {
        return app.bean(ApiTokens.class).create("provider", true, List.of());
    }

    /** The running application. */
    public BillingApp app() {
        return app;
    }

    /** Stops the application and starts it again on the same database, as after a crash or an upgrade. */
    public BillingApp restart() throws Exception {
        app.close();
        app = null;
        return start();
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
        try (Stream<Path> paths = Files.walk(dropDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

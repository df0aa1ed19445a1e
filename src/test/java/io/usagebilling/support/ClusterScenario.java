package io.usagebilling.support;

import io.usagebilling.cli.Cli;
import io.usagebilling.sim.UsageApiSimulator.Auth;
import io.usagebilling.sim.UsageApiSimulator.Item;
import io.usagebilling.sim.UsageApiSimulator.Paging;
import io.usagebilling.sim.UsageApiSimulator;
import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Four polled modules (src/test/resources/cluster-mappings: Datto RMM and the three modules of
 * poll-routes, each on its simulator) feeding nine contract lines of three companies in the Autotask
 * simulator; for several instances and for crash-resume. Instances run in this JVM ({@link #fixture})
 * or as child JVMs ({@link #child}) configured by the same settings.
 */
public final class ClusterScenario implements AutoCloseable {

    /** Each line's units after the day's sync: "contract/service" -> units. */
    public static final Map<String, String> EXPECTED_UNITS = expected();

    public final BillingFixture fixture = new BillingFixture();
    public final UsageApiSimulator cursor = UsageApiSimulator.start(Paging.CURSOR, Auth.API_KEY, null, "key-1", 2);
    public final UsageApiSimulator pages = UsageApiSimulator.start(Paging.PAGE_NUMBER, Auth.BASIC, "billing", "pw-2", 2);
    public final UsageApiSimulator links = UsageApiSimulator.start(Paging.NEXT_LINK, Auth.OAUTH2, "billing-client", "s-3", 2);
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final LocalDate day;

    public ClusterScenario(LocalDate day) {
        this.day = day;
        settings.put("billing.mappings-dir", "src/test/resources/cluster-mappings");
        settings.put("camel.main.routes-include-pattern",
                "file:routes/**/*.camel.yaml,file:src/test/resources/poll-routes/*.camel.yaml");
        settings.put("modules.cursor-module.base-url", cursor.baseUrl());
        settings.put("modules.cursor-module.api-key", "key-1");
        settings.put("modules.pages-module.base-url", pages.baseUrl());
        settings.put("modules.pages-module.password", "pw-2");
        settings.put("modules.link-module.base-url", links.baseUrl());
        settings.put("modules.link-module.client-secret", "s-3");
        settings.forEach(fixture::with);
        contracts();
        usage();
    }

    /** A setting for the instances started from now on, in this JVM and in children. */
    public ClusterScenario with(String key, String value) {
        settings.put(key, value);
        fixture.with(key, value);
        return this;
    }

    /** {@code bin/usage-billing ARGS} in a child JVM: the fixture's environment plus these settings (and {@code extra}). */
    public ProcessBuilder child(File log, Map<String, String> extra, String... args) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(extra);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        all.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(Cli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        builder.environment().putAll(fixture.environment());
        return builder;
    }

    /** The PSA's units of every mapped line on the day. */
    public Map<String, String> psaUnits() {
        Map<String, String> units = new LinkedHashMap<>();
        for (String line : EXPECTED_UNITS.keySet()) {
            String[] ids = line.split("/");
            units.put(line, fixture.psa.unitsOn(Long.parseLong(ids[0]), Long.parseLong(ids[1]), day).stripTrailingZeros().toPlainString());
        }
        return units;
    }

    /** Rows of {@code sql}, each row's columns joined with '|', from the scenario's database. */
    public List<String> rows(String sql) throws SQLException {
        return rows(fixture.environment().get("BILLING_DB_URL"), sql);
    }

    public static List<String> rows(String url, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private void contracts() {
        fixture.withThreeContracts();
        LocalDate since = day.minusDays(60);
        for (long contract : new long[] {11, 12, 13}) {
            for (long service : new long[] {501, 502, 503}) {
                fixture.psa.addLine(contract, service, BigDecimal.ZERO, since);
            }
        }
    }

    private void usage() {
        fixture.showSites(5, 3, 4, 7);
        cursor.setItems(List.of(item("t1", "Acme Dental", "devices", "12", "dev-a", null),
                item("t2", "Birch", "devices", "3", "dev-b", null)));
        // pages-module reads each record's own date
        pages.setItems(List.of(item("o-1", "Acme", "server", "1", "srv-1", day), item("o-1", "Acme", "server", "1", "srv-2", day),
                item("o-2", "Birch", "server", "1", "srv-3", day)));
        links.setItems(List.of(item("u-1", "Acme Dental Inc.", "users", "40", null, null),
                item("u-3", "Cobalt", "users", "15", null, null)));
    }

    private static Item item(String tenant, String name, String sku, String quantity, String asset, LocalDate date) {
        return new Item(tenant, name, sku, new BigDecimal(quantity), asset, date == null ? null : date.toString());
    }

    private static Map<String, String> expected() {
        Map<String, String> units = new LinkedHashMap<>();
        String[][] lines = {{"11/500", "8"}, {"12/500", "4"}, {"13/500", "7"}, {"11/501", "12"}, {"12/501", "3"},
            {"13/501", "0"}, {"11/502", "2"}, {"12/502", "1"}, {"13/502", "0"}, {"11/503", "40"}, {"12/503", "0"},
            {"13/503", "15"}};
        for (String[] line : lines) {
            units.put(line[0], line[1]);
        }
        return units;
    }

    @Override
    public void close() {
        fixture.close();
        cursor.close();
        pages.close();
        links.close();
    }
}

package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.ClusterScenario;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances ({@code bin/usage-billing run} in two child JVMs, each with its own Quartz scheduler)
 * on one PostgreSQL: the daily trigger fires once across the cluster, both instances collect units of
 * that one sync, every unit is collected once, and the PSA ends with the exact quantities.
 */
class ClusterIT {

    private static final ZoneId TENANT = ZoneId.of("America/New_York"); // billing.time-zone's default
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Process> instances = new ArrayList<>();
    private final List<File> logs = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : instances) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void twoInstancesFireTheDailySyncOnceAndShareItsUnits() throws Exception {
        LocalDate yesterday = LocalDate.now(TENANT).minusDays(1);
        try (ClusterScenario scenario = new ClusterScenario(yesterday)) {
            // Slow module APIs, so the collection lasts long enough for both instances to take units.
            scenario.cursor.setPageDelay(Duration.ofMillis(1500));
            scenario.pages.setPageDelay(Duration.ofMillis(1500));
            scenario.links.setPageDelay(Duration.ofMillis(1500));
            ZonedDateTime fire = ZonedDateTime.now(TENANT).plusSeconds(50).withNano(0);
            Map<String, String> cluster = Map.of(
                    "billing.daily-sync.cron", fire.getSecond() + " " + fire.getMinute() + " " + fire.getHour() + " * * ?",
                    "billing.cluster.work-poll-ms", "200",
                    // one unit at a time per instance, so the owner cannot hold every unit before the other looks
                    "billing.sync.collectors", "1",
                    "billing.cluster.lease-seconds", "20",
                    "billing.cluster.lease-renew-ms", "2000",
                    "org.quartz.jobStore.clusterCheckinInterval", "1000",
                    "camel.server.host", "127.0.0.1");

            // One after the other, so the first stores the trigger and the second finds it.
            String a = startInstance(scenario, cluster, "node-a");
            String b = startInstance(scenario, cluster, "node-b");
            assertThat(ZonedDateTime.now(TENANT)).as("both instances up before the trigger fires; logs " + logs)
                    .isBefore(fire.minusSeconds(2));

            awaitRow(scenario, "SELECT 1 FROM sync_run WHERE status <> 'running'", fire.plusSeconds(90));
            Thread.sleep(3000); // a second firing would have started by now

            assertThat(scenario.rows("SELECT usage_date, status FROM sync_run")).as("one firing; logs " + logs)
                    .containsExactly(yesterday + "|succeeded");
            assertThat(scenario.rows("SELECT module_id, status, attempts FROM work_unit ORDER BY module_id")).containsExactly(
                    "cursor-module|done|1", "datto-rmm|done|1", "link-module|done|1", "pages-module|done|1");
            assertThat(scenario.rows("SELECT DISTINCT owner FROM work_unit ORDER BY owner")).as("both took part")
                    .containsExactly(a, b);
            assertThat(scenario.rows("SELECT module_id, status, duplicates FROM source_collection ORDER BY module_id"))
                    .as("each module collected once").containsExactly("cursor-module|succeeded|0", "datto-rmm|succeeded|0",
                            "link-module|succeeded|0", "pages-module|succeeded|0");
            assertThat(scenario.rows("SELECT count(*) FROM usage_record")).containsExactly("12");
            assertThat(scenario.psaUnits()).isEqualTo(ClusterScenario.EXPECTED_UNITS);
            assertThat(scenario.fixture.psa.adjustments()).hasSize(8);
        }
    }

    /** Starts {@code bin/usage-billing run} in a child JVM and waits until its /observe/health answers 200. */
    private String startInstance(ClusterScenario scenario, Map<String, String> settings, String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        File log = Path.of("target", "cluster-" + name + "-" + System.nanoTime() + ".log").toFile();
        logs.add(log);
        Map<String, String> own = new java.util.HashMap<>(settings);
        own.put("billing.instance-id", name);
        Process p = scenario.child(log, own, "run", "--port", String.valueOf(port)).start();
        instances.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(name + " exited; log: " + Files.readString(log.toPath())).isTrue();
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return name;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not healthy within 60 s; log: " + log);
    }

    private static void awaitRow(ClusterScenario scenario, String sql, ZonedDateTime until) throws Exception {
        while (ZonedDateTime.now(TENANT).isBefore(until)) {
            if (!scenario.rows(sql).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not seen by " + until + ": " + sql);
    }
}

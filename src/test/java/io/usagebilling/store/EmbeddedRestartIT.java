package io.usagebilling.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.demo.Demo;
import io.usagebilling.support.BillingFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code run} with the embedded PostgreSQL in a child JVM, killed with SIGKILL: its postmaster lives
 * on and holds the data folder. The next start stops that orphan safely and starts; a folder whose
 * service is alive is never touched: its database is used as it runs.
 */
class EmbeddedRestartIT {

    private final BillingFixture fixture = new BillingFixture();
    private final Path data = fixture.dropDir.resolveSibling(fixture.dropDir.getFileName() + "-data");
    private final Path log = fixture.dropDir.resolve("run.log");
    private Process child;
    private int port;

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroy();
            child.waitFor();
        }
        Optional<ProcessHandle> left = postmaster();
        left.ifPresent(ProcessHandle::destroy);
        left.ifPresent(pm -> pm.onExit().join());
        fixture.close();
        Demo.deleteRecursively(data);
    }

    @Test
    void aStartAfterASigkillStopsThePostmasterLeftBehindAndStarts() throws Exception {
        child = startRun();
        long orphan = awaitPostmaster();
        child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook stops the embedded PostgreSQL
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        try (Database db = Database.open(new DatabaseSettings(null, null, null, data))) {
            try (Connection c = db.dataSource().getConnection(); ResultSet rs = c.createStatement()
                    .executeQuery("SELECT count(*) FROM flyway_schema_history")) {
                assertThat(rs.next()).isTrue();
            }
        }
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    /** A verb beside the running service uses its database as it runs, and leaves it running. */
    @Test
    void aFolderWhoseServiceIsAliveIsUsedAsItRunsNeverStopped() throws Exception {
        child = startRun();
        long postmaster = awaitPostmaster();

        try (Database db = Database.open(new DatabaseSettings(null, null, null, data));
                Connection c = db.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM module")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("the running service's catalog").isPositive();
        }

        Path out = fixture.dropDir.resolve("token.log");
        ProcessBuilder token = fixture.cli(out.toFile(), "token", "--name", "beside-the-service", "--role", "provider",
                "--data", data.toString());
        token.environment().keySet().removeIf(k -> k.startsWith("BILLING_DB_"));
        assertThat(token.start().waitFor()).as(Files.readString(out)).isZero();

        assertThat(child.isAlive()).isTrue();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
    }

    private Process startRun() throws Exception {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder run = fixture.cli(log.toFile(), "run", "--data", data.toString(),
                "--port", String.valueOf(port));
        run.environment().keySet().removeIf(k -> k.startsWith("BILLING_DB_"));
        return run.start();
    }

    /** The embedded postmaster's pid, once the service answers (its postmaster.pid names it). */
    private long awaitPostmaster() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600 && child.isAlive(); i++) {
            Optional<ProcessHandle> pm = postmaster();
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (pm.isPresent() && pm.get().isAlive()) {
                    return pm.get().pid();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not start: " + Files.readString(log));
    }

    private Optional<ProcessHandle> postmaster() throws Exception {
        Path pid = data.resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        String first = Files.readAllLines(pid).stream().findFirst().orElse("").trim();
        return first.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(first));
    }
}

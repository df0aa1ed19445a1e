package io.usagebilling.sim.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.cli.Cli;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.sim.demo.Demo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * As the README says: terminal 1 {@code sandbox}, terminal 2 {@code run} with the environment the
 * sandbox printed; then yesterday's sync, beside the running service, delivers to the simulated PSA.
 */
class SandboxIT {

    private final List<Process> children = new ArrayList<>();
    private Path work;

    @AfterEach
    void stop() throws Exception {
        for (int i = children.size() - 1; i >= 0; i--) {
            Process p = children.get(i);
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        Demo.deleteRecursively(work);
    }

    @ParameterizedTest
    @ValueSource(strings = {"autotask", "connectwise", "bms", "halopsa"})
    void theServicePointedAtTheSandboxSyncsAndDelivers(String psa) throws Exception {
        work = Files.createTempDirectory("usage-billing-sandbox");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Process sandbox = start(Map.of(), work.resolve("sandbox.log"), "sandbox", "--psa", psa, "--port", String.valueOf(port),
                "--drops", work.resolve("drops").toString());
        Map<String, String> env = environment(sandbox);
        assertThat(env).containsEntry("BILLING_PSA", psa).containsKeys("DATTO_RMM_URL", "BILLING_DROP_DIR", "CALLBACKS_VULSCAN_SECRET");

        start(env, work.resolve("run.log"), "run", "--data", work.resolve("data").toString());
        LocalDate yesterday = TenantCalendar.of("America/New_York").yesterday();
        awaitLine(sandbox, "# sandbox: " + yesterday + "'s usage pushed");

        Path syncLog = work.resolve("sync.log");
        Process sync = start(env, syncLog, "sync", "--date", yesterday.toString(), "--data", work.resolve("data").toString());
        assertThat(sync.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(syncLog);
        assertThat(sync.exitValue()).as(printed).isZero();
        assertThat(printed).containsPattern("sync " + yesterday + ": records=\\d+ .* adjustments=[1-9]\\d* undelivered=0");
    }

    private Process start(Map<String, String> env, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_") || k.startsWith("AUTOTASK_")
                || k.startsWith("CONNECTWISE_") || k.startsWith("BMS_") || k.startsWith("HALO_"));
        builder.environment().putAll(env);
        if (!args[0].equals("sandbox")) {
            builder.redirectOutput(log.toFile());
        }
        Process p = builder.start();
        children.add(p);
        return p;
    }

    /** The sandbox's "export K=V" lines, up to its hint for the other terminal. */
    private Map<String, String> environment(Process sandbox) throws Exception {
        Map<String, String> env = new HashMap<>();
        BufferedReader out = reader(sandbox);
        for (String line = out.readLine(); line != null && !line.startsWith("# in another terminal"); line = out.readLine()) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1]);
            }
        }
        return env;
    }

    private void awaitLine(Process sandbox, String prefix) throws Exception {
        BufferedReader out = reader(sandbox);
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("the sandbox ended before printing " + prefix);
    }

    private BufferedReader reader;

    private BufferedReader reader(Process p) {
        if (reader == null) {
            reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        }
        return reader;
    }
}

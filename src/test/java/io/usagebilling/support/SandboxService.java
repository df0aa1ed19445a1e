package io.usagebilling.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.cli.Cli;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.sim.demo.Demo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * As the README says: terminal 1 {@code sandbox}, terminal 2 {@code run} with the environment the
 * sandbox printed, each a child JVM; other verbs ({@code sync}, {@code token}) run beside them on the
 * same data folder. Ready once the sandbox has pushed yesterday's usage to the running service.
 */
public final class SandboxService implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> children = new ArrayList<>();
    private final Path work;
    private final Map<String, String> env = new HashMap<>();
    private final int port;
    private BufferedReader sandboxOut;

    private SandboxService(Path work, int port) {
        this.work = work;
        this.port = port;
    }

    /** The sandbox for {@code psa} pushing the last {@code days} days, and {@code run} pointed at it. */
    public static SandboxService start(String psa, int days) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        SandboxService s = new SandboxService(Files.createTempDirectory("usage-billing-sandbox"), port);
        try {
            Process sandbox = s.start(Map.of(), null, "sandbox", "--psa", psa, "--port", String.valueOf(port),
                    "--drops", s.work.resolve("drops").toString(), "--days", String.valueOf(days));
            s.sandboxOut = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
            s.readEnvironment();
            s.start(s.env, s.work.resolve("run.log"), "run", "--data", s.data());
            s.awaitSandboxLine("# sandbox: " + s.yesterday() + "'s usage pushed");
            s.drainSandbox();
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /** The environment the sandbox printed (BILLING_PSA, the PSA's and modules' addresses and secrets...). */
    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path work() {
        return work;
    }

    /** Runs a verb beside the service (its data folder, the sandbox's environment) and returns what it printed. */
    public String verb(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data()));
        Path log = Files.createTempFile(work, args[0], ".log");
        Process p = start(env, log, all.toArray(String[]::new));
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            throw new AssertionError(args[0] + " did not end in 300 s: " + Files.readString(log));
        }
        String printed = Files.readString(log);
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + p.exitValue() + ": " + printed);
        }
        return printed;
    }

    /** A new API token, made as the README says ({@code token --name N --role R [--grants G,...]}). */
    public String token(String name, String role, String... grants) throws Exception {
        List<String> args = new ArrayList<>(List.of("token", "--name", name, "--role", role));
        if (grants.length > 0) {
            args.addAll(List.of("--grants", String.join(",", grants)));
        }
        return verb(args.toArray(String[]::new)).lines().filter(l -> l.startsWith("ubt_")).findFirst()
                .orElseThrow(() -> new AssertionError("token printed no token"));
    }

    /** A call to the running service's REST API; a status other than 2xx fails with the answer. */
    public JsonNode api(String token, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
    }

    /** Yesterday in the sandbox's (and the service's) tenant time zone. */
    public LocalDate yesterday() {
        return TenantCalendar.of("America/New_York").yesterday();
    }

    @Override
    public void close() {
        for (int i = children.size() - 1; i >= 0; i--) {
            Process p = children.get(i);
            p.destroy();
            try {
                p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Demo.deleteRecursively(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String data() {
        return work.resolve("data").toString();
    }

    private Process start(Map<String, String> environment, Path log, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("BILLING_") || k.startsWith("AUTOTASK_")
                || k.startsWith("CONNECTWISE_") || k.startsWith("BMS_") || k.startsWith("HALO_"));
        builder.environment().putAll(environment);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        Process p = builder.start();
        children.add(p);
        return p;
    }

    /** The sandbox's "export K=V" lines, up to its hint for the other terminal. */
    private void readEnvironment() throws Exception {
        for (String line = sandboxOut.readLine(); line != null && !line.startsWith("# in another terminal"); line = sandboxOut.readLine()) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring("export ".length()).split("=", 2);
                env.put(kv[0], kv[1]);
            }
        }
    }

    /** Reads what the sandbox prints from now on, so its output never blocks it. */
    private void drainSandbox() {
        Thread drain = new Thread(() -> {
            try {
                while (sandboxOut.readLine() != null) {
                    // its day lines; the tests wait on the service, not on these
                }
            } catch (IOException e) {
                // the sandbox stopped
            }
        }, "sandbox-output");
        drain.setDaemon(true);
        drain.start();
    }

    private void awaitSandboxLine(String prefix) throws Exception {
        for (String line = sandboxOut.readLine(); line != null; line = sandboxOut.readLine()) {
            if (line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("the sandbox ended before printing " + prefix);
    }
}

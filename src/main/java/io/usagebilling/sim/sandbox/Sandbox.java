package io.usagebilling.sim.sandbox;

import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.mapping.MappingFiles;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.sim.PushedModules;
import io.usagebilling.sim.demo.DemoScenario;
import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/usage-billing sandbox}: the world the shipped mappings describe, simulated on loopback
 * for trying the service or staging a configuration: a PSA (Autotask by default, ConnectWise PSA,
 * Kaseya BMS or HaloPSA) holding every mapped company, contract and service line, Datto RMM reporting every mapped site with device counts that change day
 * by day, and the pushing modules (callbacks, CSV drops) sending each day's usage to the service. It
 * prints the environment that points {@code run} and the other verbs at it, and runs until stopped.
 */
public final class Sandbox {

    private static final String[] RMM = {"sandbox-rmm-api-key", "sandbox-rmm-api-secret"};
    private static final String[] AUTOTASK = {"SANDBOXINTEGRATIONCODE", "sandbox-api@example.com", "sandbox-secret"};
    private static final String[] CONNECTWISE = {"sandbox", "sandbox-public", "sandbox-private", "sandbox-client-id"};
    private static final String[] BMS = {"sandbox-api@example.com", "sandbox-password", "sandbox-tenant"};
    private static final String[] HALO = {"sandbox-client-id", "sandbox-client-secret", "sandbox-tenant"};

    /** The simulated PSA and the environment that points the service at it. */
    private record Psa(SimulatedPsa simulator, String address, List<String> environment) {}
    private static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private Sandbox() {}

    /**
     * @param serviceUrl where the service takes callbacks (the address {@code run} serves)
     * @param dropDir    the service's drop folder (BILLING_DROP_DIR), where CSV modules drop their files
     * @param zone       the tenant's time zone (billing.time-zone)
     * @param days       how many days up to yesterday the pushing modules send first
     */
    public static int run(String psaName, String serviceUrl, Path dropDir, String zone, int days, PrintStream out)
            throws Exception {
        Mappings mappings = MappingFiles.load(Path.of("mappings"));
        TenantCalendar calendar = TenantCalendar.of(zone);
        LocalDate first = calendar.yesterday().minusDays(days - 1L);
        Psa psa = startPsa(psaName);
        try (DattoRmmSimulator rmm = DattoRmmSimulator.start(RMM[0], RMM[1]); SimulatedPsa simulator = psa.simulator()) {
            DemoScenario scenario = new DemoScenario(mappings);
            scenario.seed(simulator, first.minusMonths(1));
            scenario.showDay(rmm, 0);
            List<String> environment = environment(mappings, rmm, psa, serviceUrl, dropDir.toAbsolutePath());
            Path envFile = Files.createDirectories(dropDir.toAbsolutePath().getParent()).resolve("sandbox.env");
            Files.write(envFile, environment);
            out.println("# the sandbox: " + psaName + " at " + psa.address() + ", Datto RMM at " + rmm.baseUrl()
                    + "; its environment, also in " + envFile + ":");
            environment.forEach(out::println);
            out.println("# in another terminal: source " + envFile + " && bin/usage-billing run");
            out.flush();

            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            PushedModules pushed = new PushedModules(mappings, new CallbackClient(serviceUrl), Sandbox::callbackSecret, dropDir);
            Thread pushing = new Thread(() -> everyDay(calendar, first, scenario, rmm, pushed, serviceUrl, stopped, out),
                    "sandbox-days");
            pushing.setDaemon(true);
            pushing.start();
            stopped.await();
            return 0;
        }
    }

    /**
     * Each tenant day from the first: the RMM shows the day's counts, and once the service answers,
     * the pushing modules send the day that just ended (yesterday first).
     */
    private static void everyDay(TenantCalendar calendar, LocalDate first, DemoScenario scenario, DattoRmmSimulator rmm,
                                 PushedModules pushed, String serviceUrl, CountDownLatch stopped, PrintStream out) {
        LocalDate next = first;
        try {
            while (stopped.getCount() > 0) {
                if (!next.isAfter(calendar.yesterday()) && serviceAnswers(serviceUrl)) {
                    int index = (int) (next.toEpochDay() - first.toEpochDay());
                    scenario.showDay(rmm, index);
                    pushed.push(next, index);
                    out.println("# sandbox: " + next + "'s usage pushed by the callback and CSV modules");
                    next = next.plusDays(1);
                    continue;
                }
                Thread.sleep(next.isAfter(calendar.yesterday()) ? CHECK_EVERY.toMillis() : 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            out.println("# sandbox: pushing usage failed: " + e.getMessage());
        }
    }

    /**
     * Whether the service's routes answer: its health route's 200 or 503. The HTTP server listens before the
     * routes are started, and answers 404 meanwhile, to a module's callback too.
     */
    static boolean serviceAnswers(String serviceUrl) {
        try {
            int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(serviceUrl + "/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 503;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Psa startPsa(String name) {
        return switch (name) {
            case "autotask" -> {
                AutotaskSimulator at = AutotaskSimulator.start(AUTOTASK[0], AUTOTASK[1], AUTOTASK[2]);
                yield new Psa(at, at.zoneLookupBase(), List.of("export BILLING_PSA=autotask",
                        "export AUTOTASK_ZONE_LOOKUP_URL=" + at.zoneLookupBase(), "export AUTOTASK_INTEGRATION_CODE=" + AUTOTASK[0],
                        "export AUTOTASK_USERNAME=" + AUTOTASK[1], "export AUTOTASK_SECRET=" + AUTOTASK[2]));
            }
            case "connectwise" -> {
                ConnectWiseSimulator cw = ConnectWiseSimulator.start(CONNECTWISE[0], CONNECTWISE[1], CONNECTWISE[2], CONNECTWISE[3]);
                yield new Psa(cw, cw.baseUrl(), List.of("export BILLING_PSA=connectwise", "export CONNECTWISE_URL=" + cw.baseUrl(),
                        "export CONNECTWISE_COMPANY=" + CONNECTWISE[0], "export CONNECTWISE_PUBLIC_KEY=" + CONNECTWISE[1],
                        "export CONNECTWISE_PRIVATE_KEY=" + CONNECTWISE[2], "export CONNECTWISE_CLIENT_ID=" + CONNECTWISE[3]));
            }
            case "bms" -> {
                BmsSimulator bms = BmsSimulator.start(BMS[0], BMS[1], BMS[2]);
                yield new Psa(bms, bms.baseUrl(), List.of("export BILLING_PSA=bms", "export BMS_URL=" + bms.baseUrl(),
                        "export BMS_USERNAME=" + BMS[0], "export BMS_PASSWORD=" + BMS[1], "export BMS_TENANT=" + BMS[2]));
            }
            case "halopsa" -> {
                HaloSimulator halo = HaloSimulator.start(HALO[0], HALO[1], HALO[2]);
                yield new Psa(halo, halo.baseUrl(), List.of("export BILLING_PSA=halopsa", "export HALO_URL=" + halo.baseUrl(),
                        "export HALO_CLIENT_ID=" + HALO[0], "export HALO_CLIENT_SECRET=" + HALO[1], "export HALO_TENANT=" + HALO[2]));
            }
            default -> throw new IllegalArgumentException("--psa: autotask, connectwise, bms or halopsa, not '" + name + "'");
        };
    }

    private static List<String> environment(Mappings mappings, DattoRmmSimulator rmm, Psa psa, String serviceUrl,
                                            Path dropDir) {
        List<String> env = new ArrayList<>(psa.environment());
        env.addAll(List.of(
                "export DATTO_RMM_URL=" + rmm.baseUrl(),
                "export DATTO_RMM_API_KEY=" + RMM[0],
                "export DATTO_RMM_API_SECRET=" + RMM[1],
                "export DATTO_RMM_SERVES_PAST_DAYS=true",
                "export BILLING_HTTP_PORT=" + URI.create(serviceUrl).getPort(),
                "export BILLING_DROP_DIR=" + dropDir,
                "export BILLING_DROP_POLL_MS=1000"));
        for (Mappings.Module m : mappings.modules()) {
            if (m.source().equals("callback")) {
                env.add("export CALLBACKS_" + m.id().toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET="
                        + callbackSecret(m.id()));
            }
        }
        return env;
    }

    private static String callbackSecret(String module) {
        return "sandbox-callback-secret-" + module;
    }
}

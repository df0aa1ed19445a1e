package io.usagebilling.sim.bench;

import io.usagebilling.sim.psa.AutotaskSimulator;
import java.util.Map;

/** The benchmarks' PSA: an Autotask simulator of their own, and the settings that point the service at it. */
final class BenchPsa {

    private static final String CODE = "BENCHINTEGRATIONCODE";
    private static final String USER = "bench-api@example.com";
    private static final String SECRET = "bench-secret";

    private BenchPsa() {}

    static AutotaskSimulator start() {
        return AutotaskSimulator.start(CODE, USER, SECRET);
    }

    static void pointAt(Map<String, String> settings, AutotaskSimulator psa) {
        settings.put("billing.psa", "autotask");
        settings.put("psa.autotask.zone-lookup-url", psa.zoneLookupBase());
        settings.put("psa.autotask.integration-code", CODE);
        settings.put("psa.autotask.username", USER);
        settings.put("psa.autotask.secret", SECRET);
    }
}

package io.usagebilling.sim.bench;

import io.usagebilling.sim.psa.AutotaskSimulator;
import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import java.util.Map;
import java.util.OptionalLong;

/** The benchmarks' PSA: a simulator of their own (Autotask unless the sync bench's --psa names another), and the settings that point the service at it. */
final class BenchPsa {

    private static final String CODE = "BENCHINTEGRATIONCODE";
    private static final String USER = "bench-api@example.com";
    private static final String SECRET = "bench-secret";

    /** A real Autotask tenant's hourly requests, shared by all its integrations. */
    private static final long AUTOTASK_REQUESTS_PER_HOUR = 10_000;

    private BenchPsa() {}

    /**
     * The real PSA's published hourly allowance, what budget_minutes is of; none for ConnectWise and HaloPSA,
     * which publish no hourly number.
     */
    static OptionalLong requestsPerHour(SimulatedPsa psa) {
        if (psa instanceof AutotaskSimulator) {
            return OptionalLong.of(AUTOTASK_REQUESTS_PER_HOUR);
        }
        // BMS allows 1,500 calls an hour per endpoint; the service counts all its requests against one such allowance
        // (PSA_REQUESTS_PER_HOUR=1500), so these are minutes of that budget, never fewer than the busiest endpoint's
        return psa instanceof BmsSimulator ? OptionalLong.of(BmsSimulator.CALLS_PER_HOUR_PER_ENDPOINT) : OptionalLong.empty();
    }

    static AutotaskSimulator start() {
        return AutotaskSimulator.start(CODE, USER, SECRET);
    }

    /** @param name autotask, connectwise, bms or halopsa (billing.psa's names) */
    static SimulatedPsa start(String name) {
        return switch (name) {
            case "autotask" -> start();
            case "connectwise" -> ConnectWiseSimulator.start(CODE, USER, SECRET, CODE);
            case "bms" -> BmsSimulator.start(USER, SECRET, CODE);
            case "halopsa" -> HaloSimulator.start(USER, SECRET, "");
            default -> throw new IllegalArgumentException("--psa: autotask, connectwise, bms or halopsa, not '" + name + "'");
        };
    }

    static void pointAt(Map<String, String> settings, AutotaskSimulator psa) {
        settings.put("billing.psa", "autotask");
        settings.put("psa.autotask.zone-lookup-url", psa.zoneLookupBase());
        settings.put("psa.autotask.integration-code", CODE);
        settings.put("psa.autotask.username", USER);
        settings.put("psa.autotask.secret", SECRET);
    }

    static void pointAt(Map<String, String> settings, SimulatedPsa psa) {
        if (psa instanceof AutotaskSimulator autotask) {
            pointAt(settings, autotask);
        } else if (psa instanceof ConnectWiseSimulator cw) {
            settings.putAll(Map.of("billing.psa", "connectwise", "psa.connectwise.base-url", cw.baseUrl(),
                    "psa.connectwise.company", CODE, "psa.connectwise.public-key", USER, "psa.connectwise.private-key", SECRET,
                    "psa.connectwise.client-id", CODE));
        } else if (psa instanceof BmsSimulator bms) {
            settings.putAll(Map.of("billing.psa", "bms", "psa.bms.base-url", bms.baseUrl(), "psa.bms.username", USER,
                    "psa.bms.password", SECRET, "psa.bms.tenant", CODE));
        } else if (psa instanceof HaloSimulator halo) {
            settings.putAll(Map.of("billing.psa", "halopsa", "psa.halopsa.base-url", halo.baseUrl(), "psa.halopsa.client-id", USER,
                    "psa.halopsa.client-secret", SECRET));
        } else {
            throw new IllegalArgumentException("no settings for " + psa);
        }
    }
}

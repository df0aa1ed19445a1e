package io.usagebilling.sim.demo;

import io.usagebilling.mapping.Mappings;
import io.usagebilling.sim.DattoRmmSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo's world, derived from the mapping files so the demo runs on whatever is mapped: the
 * simulated PSA holds every mapped contract line, and the simulated Datto RMM reports every mapped
 * site with device counts that change day by day (one site drops to zero on the fourth day), plus a
 * site nobody has mapped yet and a malformed record, every day.
 */
public final class DemoScenario {

    static final BigDecimal INITIAL_PSA_UNITS = BigDecimal.TEN;
    static final String UNMAPPED_SITE = "demo-unmapped-site";
    static final String MALFORMED_SITE =
            "{\"id\":990,\"uid\":\"demo-malformed-site\",\"name\":\"Broken Probe\",\"devicesStatus\":{\"numberOfDevices\":\"twelve\"}}";

    private final Mappings mappings;

    public DemoScenario(Mappings mappings) {
        this.mappings = mappings;
    }

    /** Puts every mapped company, contract and service line into the PSA, billing from {@code since}. */
    public void seed(SimulatedPsa psa, LocalDate since) {
        mappings.companies().forEach(c -> psa.addCompany(c.id(), c.name()));
        Set<Long> contracts = new HashSet<>();
        Set<String> lines = new HashSet<>();
        for (Mappings.ServiceMapping s : mappings.services()) {
            if (contracts.add(s.contract())) {
                psa.addContract(s.contract(), s.company(), "Managed Services " + s.contract());
            }
            if (lines.add(s.contract() + "/" + s.service())) {
                psa.addLine(s.contract(), s.service(), INITIAL_PSA_UNITS, since.withDayOfMonth(1));
            }
        }
    }

    /** The snapshot Datto RMM reports on the {@code dayIndex}-th day of the demo (0 = first). */
    public void showDay(DattoRmmSimulator rmm, int dayIndex) {
        Map<Long, String> companyNames = mappings.companies().stream()
                .collect(Collectors.toMap(Mappings.Company::id, Mappings.Company::name));
        List<DattoRmmSimulator.Site> sites = new ArrayList<>();
        long siteId = 1000;
        for (Mappings.OrgMapping o : mappings.organizations()) {
            if (o.module().equals(DattoRmmSimulator.MODULE)) {
                String name = companyNames.get(o.company()) + " - " + o.org();
                sites.add(new DattoRmmSimulator.Site(siteId++, o.org(), name, devices(o.org(), dayIndex, sites.isEmpty())));
            }
        }
        // A new site of a known client that nobody has mapped yet: reported with a suggestion.
        sites.add(new DattoRmmSimulator.Site(siteId, UNMAPPED_SITE, "Birch and Sons Logistics - Warehouse", 7 + dayIndex));
        rmm.setSites(sites);
        rmm.setRawSites(List.of(MALFORMED_SITE));
    }

    /** A stable base per site with a daily walk of -2..+3 devices; the first site drops to zero from day 4. */
    private static int devices(String org, int dayIndex, boolean dropsToZero) {
        if (dropsToZero && dayIndex >= 3) {
            return 0;
        }
        Random random = new Random(org.hashCode());
        int devices = 5 + random.nextInt(40);
        for (int d = 0; d < dayIndex; d++) {
            devices = Math.max(0, devices + random.nextInt(6) - 2);
        }
        return devices;
    }
}

package io.usagebilling.psa.autotask;

import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.sim.psa.AutotaskSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many lines' units in a few queries, against the simulator over loopback: the same answers as one read per line. */
class AutotaskBatchReadsTest {

    private static final String CODE = "SIMINTEGRATIONCODE000000001";
    private static final String USER = "api-user@msp.example";
    private static final String SECRET = "sim-secret-1";
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    private AutotaskSimulator sim;
    private AutotaskContractUnits units;

    @BeforeEach
    void startSimulator() {
        sim = AutotaskSimulator.start(CODE, USER, SECRET);
        sim.addCompany(10, "Acme Dental");
        units = new AutotaskContractUnits(URI.create(sim.zoneLookupBase()), CODE, USER, SECRET, Duration.ofSeconds(5),
                fastHttp(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    /**
     * 250 contracts of 3 lines each (more contracts than one query takes, more rows than one page holds),
     * changed at random dates by adjustments and hand edits, some billed by the quarter; a line not on
     * its contract is left out.
     */
    @Test
    void readsManyContractsLinesInAFewPagedQueriesWithTheSameUnitsAsOneReadEach() {
        Random random = new Random(21);
        List<ContractLine> lines = new ArrayList<>();
        for (long contract = 1000; contract < 1250; contract++) {
            sim.addContract(contract, 10, "contract " + contract);
            if (contract % 7 == 0) {
                sim.billingPeriodMonths(contract, 3);
            }
            for (long service = 1; service <= 3; service++) {
                sim.addLine(contract, service, BigDecimal.valueOf(random.nextInt(20)), START);
                lines.add(new ContractLine(contract, service));
            }
        }
        for (int i = 0; i < 300; i++) {
            ContractLine line = lines.get(random.nextInt(lines.size()));
            LocalDate day = START.plusDays(random.nextInt(120));
            if (random.nextBoolean()) {
                units.adjust(line, day, BigDecimal.valueOf(random.nextInt(9) + 1));
            } else {
                sim.handEdit(line.contractId(), line.serviceId(), day, BigDecimal.valueOf(random.nextInt(5) + 1));
            }
        }
        ContractLine notOnItsContract = new ContractLine(1001, 99);
        List<ContractLine> asked = new ArrayList<>(lines);
        asked.add(notOnItsContract);
        LocalDate from = START.plusDays(20);
        LocalDate to = START.plusDays(110);

        long before = sim.requestCount();
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> read = units.unitsBetween(asked, from, to);
        long batchRequests = sim.requestCount() - before;

        assertThat(read).doesNotContainKey(notOnItsContract).hasSize(lines.size());
        for (ContractLine line : lines.subList(0, 150)) { // a fifth of them, read alone: the test's time
            assertThat(read.get(line)).as(line.toString()).isEqualTo(units.unitsBetween(line, from, to));
        }
        // two queries (200 + 50 contracts), the first of more than one page; one request per line before
        assertThat(batchRequests).isBetween(3L, 8L);
    }
}

package io.usagebilling.psa.autotask;

import static io.usagebilling.support.PsaCalls.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.psa.PsaDirectory.Company;
import io.usagebilling.psa.PsaDirectory.Contract;
import io.usagebilling.sim.psa.AutotaskSimulator;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Companies and Contracts from the Autotask simulator, over real HTTP on loopback. */
class AutotaskDirectoryTest {

    /** One more than a page (MaxRecords is at most 500), so the listing needs page 2. */
    private static final int ROWS = 501;

    private AutotaskSimulator sim;
    private AutotaskDirectory directory;

    @BeforeEach
    void startSimulator() {
        sim = AutotaskSimulator.start("SIMINTEGRATIONCODE000000001", "api-user@msp.example", "sim-secret-1");
        Duration timeout = Duration.ofSeconds(5);
        directory = new AutotaskDirectory(new AutotaskClient(URI.create(sim.zoneLookupBase()),
                new AutotaskCredentials("SIMINTEGRATIONCODE000000001", "api-user@msp.example", "sim-secret-1"),
                timeout, fastHttp(timeout)));
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    @Test
    void listsEveryCompanyAndContractBeyondTheFirstPage() {
        for (long id = 1; id <= ROWS; id++) {
            sim.addCompany(id, "Client " + id);
            sim.addContract(1000 + id, id, "Managed services " + id);
        }

        assertThat(directory.companies()).hasSize(ROWS).contains(new Company(ROWS, "Client " + ROWS, true));
        assertThat(directory.contracts()).hasSize(ROWS)
                .contains(new Contract(1000 + ROWS, ROWS, "Managed services " + ROWS, true, true));
        assertThat(sim.requestCount()).isEqualTo(1 + 2 + 2); // zone lookup, two pages of each
    }
}

package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.usagebilling.cli.Cli;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops start-up with one line naming the file, the entry and the problem. */
class StartupErrorsTest {

    @TempDir
    Path mappings;

    @Test
    void anInvalidMappingFileStopsStartUpWithOneLine() throws Exception {
        BillingFixture.copyE2eMappings(mappings);
        Files.writeString(mappings.resolve("services.yaml"), Files.readString(mappings.resolve("services.yaml"))
                .replace("company: 102, contract: 12", "company: 999, contract: 12"));

        String message = startupError();

        int line = Files.readAllLines(mappings.resolve("services.yaml")).indexOf(
                Files.readAllLines(mappings.resolve("services.yaml")).stream().filter(l -> l.contains("company: 999")).findFirst()
                        .orElseThrow()) + 1;
        assertThat(message).isEqualTo(mappings.resolve("services.yaml") + ":" + line + ": services entry #2 (module=datto-rmm, "
                + "billingType=devices, company=999): unknown company 999 (not under companies: in organizations.yaml)");
    }

    @Test
    void aPolledModuleWithoutItsRouteStopsStartUp() throws Exception {
        BillingFixture.copyE2eMappings(mappings);
        Files.writeString(mappings.resolve("modules.yaml"), Files.readString(mappings.resolve("modules.yaml"))
                + "  - id: vsa-10\n    source: poll\n    billingTypes:\n      - {id: devices, unit: devices}\n");

        assertThat(startupError()).isEqualTo(mappings.resolve("modules.yaml") + ": module 'vsa-10' is polled but routes/ has no route "
                + "'vsa-10-source' reading from direct:collect-vsa-10");
    }

    @Test
    void aMissingPsaSettingStopsStartUp() throws Exception {
        BillingFixture.copyE2eMappings(mappings);
        try (BillingFixture fixture = new BillingFixture().with("psa.autotask.secret", "")) {
            assertThat(Cli.oneLine(catchThrowable(fixture::start)))
                    .isEqualTo("psa.autotask.secret is not set: set AUTOTASK_SECRET (or the property in application.properties)");
        }
    }

    /** Found trying the service as a new user would: a second run on a port in use went on without its HTTP server. */
    @Test
    void anHttpPortInUseStopsStartUpWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             BillingFixture fixture = new BillingFixture().withHttpServer()
                     .with("camel.server.port", String.valueOf(taken.getLocalPort()))) {
            assertThat(Cli.oneLine(catchThrowable(fixture::start))).isEqualTo("127.0.0.1:" + taken.getLocalPort()
                    + " is in use, so the HTTP server (API, console, callbacks) cannot start there: is another run up?"
                    + " Set BILLING_HTTP_PORT (camel.server.port) to a free port");
        }
    }

    @Test
    void aModuleWithoutItsAddressFailsItsCollectionWithTheReason() throws Exception {
        try (BillingFixture fixture = new BillingFixture().with("modules.datto-rmm.base-url", "")) {
            SyncSummary summary = fixture.start().syncDay(LocalDate.of(2026, 9, 1));
            assertThat(summary.failedModules()).containsExactly(
                    "datto-rmm: IllegalStateException: module datto-rmm has no base URL: set modules.datto-rmm.base-url");
            assertThat(fixture.rmm.requestCount()).isZero();
        }
    }

    @Test
    void badCommandLinesPrintUsageAndExitTwo() {
        assertThat(exitCode("frobnicate")).isEqualTo(2);
        assertThat(exitCode()).isEqualTo(2);
        assertThat(exitCode("sync")).isEqualTo(2);
        assertThat(exitCode("sync", "--date", "2026-13-01")).isEqualTo(2);
        assertThat(exitCode("demo", "--days", "0")).isEqualTo(2);
        assertThat(exitCode("run", "--date", "2026-01-01")).isEqualTo(2);
        assertThat(exitCode("unmapped", "--date", "2026-01-01")).isEqualTo(2);
        assertThat(exitCode("plan")).isEqualTo(2);
        assertThat(exitCode("approve")).isEqualTo(2);
        assertThat(exitCode("approve", "seven")).isEqualTo(2);
        assertThat(exitCode("approve", "--plan", "7")).isEqualTo(2);
        assertThat(exitCode("approve", "7", "--date", "2026-01-01")).isEqualTo(2);
        assertThat(exitCode("reject")).isEqualTo(2);
        assertThat(exitCode("reject", "seven")).isEqualTo(2);
        assertThat(exitCode("sandbox", "--days", "0")).isEqualTo(2);
        assertThat(exitCode("sandbox", "--days", "93")).isEqualTo(2);
        assertThat(exitCode("help")).isZero();
    }

    private String startupError() {
        try (BillingFixture fixture = new BillingFixture().with("billing.mappings-dir", mappings.toString())) {
            Throwable error = catchThrowable(fixture::start);
            assertThat(error).isNotNull();
            String line = Cli.oneLine(error);
            assertThat(line).doesNotContain("\n");
            return line;
        }
    }

    private static int exitCode(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Cli.run(args, quiet, quiet);
    }
}

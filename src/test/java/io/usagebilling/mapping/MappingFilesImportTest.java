package io.usagebilling.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.app.BillingApp;
import io.usagebilling.support.BillingFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files stay first-class: the database's mappings exported to YAML import back as a no-op; an edited
 * file's diff is printed by a dry run and applied in one transaction; one bad entry refuses it all.
 */
class MappingFilesImportTest {

    @TempDir
    Path mappings;

    @Test
    void exportThenImportIsANoOpAndAnEditIsAppliedAsItsDiff() throws Exception {
        copy(Path.of("src/test/resources/e2e-mappings"), mappings);
        try (BillingFixture fixture = new BillingFixture().withThreeContracts().with("billing.mappings-dir", mappings.toString())) {
            MappingLoader loader = fixture.start().bean(MappingLoader.class);
            assertThat(fixture.count("SELECT count(*) FROM mapping_history WHERE changed_by = 'files (first start)'")).isEqualTo(7);

            loader.exportFiles();
            assertThat(loader.importFiles(true, "test").isEmpty()).isTrue();

            edit("organizations.yaml", "  - module: datto-rmm\n    org: site-c\n    company: 103\n",
                    "  - module: datto-rmm\n    org: site-x\n    company: 103\n");
            edit("organizations.yaml", "    org: site-b\n    company: 102", "    org: site-b\n    company: 101");
            MappingDiff dryRun = loader.importFiles(true, "test");
            assertThat(dryRun.lines()).containsExactly(
                    "+ organization datto-rmm site-x -> company 103",
                    "- organization datto-rmm site-c -> company 103",
                    "~ organization datto-rmm site-b -> company 101");
            assertThat(fixture.text("SELECT company_id FROM org_mapping WHERE org_id = 'site-b'")).isEqualTo("102");

            loader.importFiles(false, "test");
            assertThat(fixture.text("SELECT string_agg(org_id || '=' || company_id, ',' ORDER BY org_id) FROM org_mapping"))
                    .isEqualTo("site-a1=101,site-a2=101,site-b=101,site-x=103");
            assertThat(fixture.text("""
                    SELECT string_agg(mapping_key || ' ' || coalesce(before::text, '-') || ' -> ' || coalesce(after::text, '-'),
                        ', ' ORDER BY id) FROM mapping_history WHERE changed_by = 'test'"""))
                    .as("each change in the history, in the diff's order")
                    .isEqualTo("datto-rmm/site-c {\"company\": 103} -> -, datto-rmm/site-b {\"company\": 102} -> {\"company\": 101},"
                            + " datto-rmm/site-x - -> {\"company\": 103}");
            assertThat(loader.importFiles(true, "test").isEmpty()).isTrue();
        }
    }

    @Test
    void anEntryTheDatabaseRefusesRefusesTheWholeImportNamingItsLine() throws Exception {
        copy(Path.of("src/test/resources/e2e-mappings"), mappings);
        try (BillingFixture fixture = new BillingFixture().withThreeContracts().with("billing.mappings-dir", mappings.toString())) {
            fixture.psa.addContract(14, 103, "Backup");
            BillingApp app = fixture.start();
            MappingLoader loader = app.bean(MappingLoader.class);
            app.bean(CompanyCache.class).refresh();
            edit("organizations.yaml", "org: site-c, company: 103}", "org: site-c, company: 102}");
            // Birch's service now points at contract 14, which the files do not name but the PSA says is Cobalt's
            edit("services.yaml", "company: 102, contract: 12", "company: 102, contract: 14");
            List<String> services = Files.readAllLines(mappings.resolve("services.yaml"));
            int line = services.indexOf(services.stream().filter(l -> l.contains("company: 102, contract: 14")).findFirst().orElseThrow()) + 1;
            String before = fixture.text("SELECT string_agg(org_id || '=' || company_id, ',' ORDER BY org_id) FROM org_mapping");

            assertThatThrownBy(() -> loader.importFiles(false, "test")).isInstanceOf(MappingException.class)
                    .hasMessage(mappings.resolve("services.yaml") + ":" + line + ": contract: contract 14 belongs to company 103, not company 102");

            assertThat(fixture.text("SELECT string_agg(org_id || '=' || company_id, ',' ORDER BY org_id) FROM org_mapping"))
                    .as("nothing of the refused import was applied").isEqualTo(before);
        }
    }

    private void edit(String file, String from, String to) throws IOException {
        String text = Files.readString(mappings.resolve(file));
        assertThat(text).as(file).contains(from);
        Files.writeString(mappings.resolve(file), text.replace(from, to));
    }

    private static void copy(Path from, Path to) throws IOException {
        for (String name : List.of("modules.yaml", "organizations.yaml", "services.yaml", "prices.yaml")) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}

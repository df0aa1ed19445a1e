package io.usagebilling.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.Proration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappingFilesTest {

    private static final String MODULES = """
            modules:
              - id: datto-rmm
                name: Datto RMM
                source: poll
                billingTypes:
                  - id: devices
                    unit: devices
            """;
    private static final String ORGANIZATIONS = """
            companies:
              - id: 1
                name: Acme
              - id: 2
                name: Birch
            organizations:
              - module: datto-rmm
                org: a-1
                company: 1
              - module: datto-rmm
                org: a-2
                company: 1
            """;
    private static final String SERVICES = """
            services:
              - module: datto-rmm
                billingType: devices
                company: 1
                contract: 10
                service: 100
                proration: daily
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void writeValidFiles() throws IOException {
        write("modules.yaml", MODULES);
        write("organizations.yaml", ORGANIZATIONS);
        write("services.yaml", SERVICES);
    }

    @Test
    void theShippedMappingsAreValid() {
        Mappings shipped = MappingFiles.load(Path.of("mappings"));
        assertThat(shipped.modules()).extracting(Mappings.Module::id).contains("datto-rmm");
        assertThat(shipped.services()).isNotEmpty();
    }

    @Test
    void loadsManyToOneOrganizationsAndServices() {
        Mappings m = MappingFiles.load(dir);
        assertThat(m.organizations()).extracting(Mappings.OrgMapping::company).containsExactly(1L, 1L);
        assertThat(m.services()).singleElement().satisfies(s -> {
            assertThat(s.contract()).isEqualTo(10);
            assertThat(s.proration()).isEqualTo(Proration.DAILY);
        });
        assertThat(m.modules().get(0).billingEnabled()).isTrue();
    }

    @Test
    void unknownCompanyNamesFileEntryAndProblem() throws IOException {
        write("services.yaml", SERVICES.replace("company: 1", "company: 7"));
        assertProblem("services.yaml: services entry #1 (module=datto-rmm, billingType=devices, company=7): "
                + "unknown company 7");
    }

    @Test
    void unknownModule() throws IOException {
        write("organizations.yaml", ORGANIZATIONS.replace("org: a-2", "org: a-2\n    # typo below").replaceFirst(
                "module: datto-rmm\n    org: a-2", "module: dato-rmm\n    org: a-2"));
        assertProblem("organizations.yaml: organizations entry #2 (module=dato-rmm, org=a-2): unknown module 'dato-rmm'");
    }

    @Test
    void anOrganizationMapsToOneCompanyOnly() throws IOException {
        write("organizations.yaml", ORGANIZATIONS.replace("org: a-2\n    company: 1", "org: a-1\n    company: 2"));
        assertProblem("organizations entry #2 (module=datto-rmm, org=a-1): duplicate organization "
                + "(an organization maps to one company), first defined in entry #1");
    }

    @Test
    void duplicateServiceMapping() throws IOException {
        write("services.yaml", SERVICES + SERVICES.replace("services:\n", "").replace("service: 100", "service: 101"));
        assertProblem("services entry #2 (module=datto-rmm, billingType=devices, company=1): duplicate service mapping");
    }

    @Test
    void duplicateCompanyAndModuleIds() throws IOException {
        write("organizations.yaml", ORGANIZATIONS.replace("id: 2", "id: 1"));
        assertProblem("companies entry #2 (id=1): duplicate company id, first defined in entry #1");
        write("organizations.yaml", ORGANIZATIONS);
        write("modules.yaml", MODULES + MODULES.replace("modules:\n", ""));
        assertProblem("modules entry #2 (id=datto-rmm): duplicate module id");
    }

    @Test
    void unknownBillingTypeAndBadProration() throws IOException {
        write("services.yaml", SERVICES.replace("billingType: devices", "billingType: users"));
        assertProblem("module datto-rmm has no billing type 'users'");
        write("services.yaml", SERVICES.replace("proration: daily", "proration: weekly"));
        assertProblem("proration must be 'daily' or 'month_end', not 'weekly'");
        write("services.yaml", SERVICES.replace("    proration: daily\n", ""));
        assertProblem("'proration' is missing");
    }

    @Test
    void aContractBelongsToOneCompany() throws IOException {
        write("services.yaml", SERVICES + SERVICES.replace("services:\n", "").replace("company: 1", "company: 2"));
        assertProblem("services entry #2 (module=datto-rmm, billingType=devices, company=2): contract 10 is already "
                + "mapped for company 1; a contract belongs to one company");
    }

    @Test
    void unknownFieldsAndBrokenYamlGiveTheLine() throws IOException {
        write("services.yaml", SERVICES.replace("contract: 10", "contrat: 10"));
        assertProblem("services.yaml: services entry #1, field 'contrat': unknown field (known: billingType, company, "
                + "contract, module, proration, service)");
        write("services.yaml", SERVICES.replace("company: 1", "company: one"));
        assertProblem("services.yaml: services entry #1, field 'company': Cannot deserialize value of type `java.lang.Long`");
        write("services.yaml", "services:\n  - module: x\n\t  billingType: devices\n");
        assertProblem("services.yaml: not valid YAML: while scanning for the next token; found character");
        assertProblem("line 3, column 1");
    }

    @Test
    void missingAndEmptyFiles() throws IOException {
        Files.delete(dir.resolve("services.yaml"));
        assertProblem("services.yaml: file not found");
        write("services.yaml", "");
        assertProblem("services.yaml: the file is empty");
    }

    private void assertProblem(String expected) {
        assertThatThrownBy(() -> MappingFiles.load(dir))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(expected)
                .hasMessageStartingWith(dir.toString())
                .hasMessageNotContaining("\n");
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}

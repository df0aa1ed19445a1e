package io.usagebilling.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.Proration;
import io.usagebilling.domain.rules.BillingRule;
import io.usagebilling.domain.rules.Trial;
import io.usagebilling.domain.rules.Unit;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
    void theShippedCatalogListsEveryModuleAndLicenseFamilyOfTheSeeds() {
        Mappings shipped = MappingFiles.load(Path.of("mappings"));
        assertThat(shipped.modules()).extracting(Mappings.Module::name).contains(
                "Audit Suite", "Compliance Manager", "Cyber Hawk", "Network Detective", "VulScan", "Security Suite",
                "DarkWeb ID", "Datto EDR", "Graphus", "Passly", "RocketCyber", "Unified RMM", "Datto RMM", "VSA 10",
                "Backup & Disaster Recovery", "Datto File Protection (DFP)", "Datto Workplace",
                "Kaseya Online Backup", "Endpoint Backup v1", "Endpoint Backup v2");
        Mappings.Module licenses = shipped.modules().stream()
                .filter(m -> m.id().equals("managed-backup-licenses")).findFirst().orElseThrow();
        Map<String, BillingRule> rules = licenses.billingTypes().stream()
                .collect(Collectors.toMap(Mappings.BillingType::id, Mappings.BillingType::rule));
        assertThat(rules).containsOnlyKeys("server", "ultimate", "file-backup", "desktop", "ms-sql-server",
                "ms-exchange", "ms-sql-server-exchange", "vm-server", "vm-server-socket", "rmm-connect", "connect",
                "m365-google-workspace", "sharepoint-teams-shared-drives", "advanced-rebranding-custom-ssl",
                "onboarding", "premium-support");
        assertThat(rules.get("server")).isEqualTo(
                new BillingRule(Unit.INSTANCES, BigDecimal.ZERO, BigDecimal.ZERO, Trial.SEED_TRIAL_DAYS, null));
        assertThat(rules.get("vm-server-socket").includedPerAsset()).isEqualByComparingTo("2");
        assertThat(rules.get("advanced-rebranding-custom-ssl").includedPerOrg()).isEqualByComparingTo("1");
        assertThat(rules.get("m365-google-workspace").unit()).isEqualTo(Unit.DOMAIN_USERS);
        assertThat(rules.get("sharepoint-teams-shared-drives").unit()).isEqualTo(Unit.DOMAINS);
        assertThat(rules.get("rmm-connect").unit()).isEqualTo(Unit.ADMINISTRATORS);
        assertThat(shipped.modules()).filteredOn(m -> m.id().equals("endpoint-backup-v1"))
                .singleElement().extracting(m -> m.billingTypes().get(0).rule().supersededBy())
                .isEqualTo(new BillingRule.TypeRef("endpoint-backup-v2", "storage"));
    }

    @Test
    void unknownUnitOrSourceKindNamesTheEntry() throws IOException {
        write("modules.yaml", MODULES.replace("unit: devices", "unit: seats"));
        assertProblem("modules.yaml:2: modules entry #1 (id=datto-rmm): billing type 'devices': unit must be one of "
                + "[devices, users, ip-addresses, storage-gb, sockets, instances, administrators, domain-users, "
                + "domains, brandings], not 'seats'");
        write("modules.yaml", MODULES.replace("source: poll", "source: ftp"));
        assertProblem("modules.yaml:2: modules entry #1 (id=datto-rmm): source must be one of");
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                Arguments.of("supersededBy: datto-rmm/users", "modules entry #1 (id=datto-rmm): billing type 'devices': "
                        + "supersededBy datto-rmm/users is not a billing type in modules.yaml"),
                Arguments.of("supersededBy: datto-rmm/devices", "supersededBy datto-rmm/devices is the billing type itself"),
                Arguments.of("supersededBy: v2", "supersededBy must be 'module/billingType', not 'v2'"),
                Arguments.of("includedPerOrg: -1", "billing type 'devices': included units and trial days must not be negative"),
                Arguments.of("included: 2", "modules.yaml: modules entry #1, billingTypes entry #1, field 'included': unknown field"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void aBadBillingRuleNamesTheEntry(String ruleLine, String problem) throws IOException {
        write("modules.yaml", MODULES.replace("unit: devices", "unit: devices\n        " + ruleLine));
        assertProblem(problem);
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
        assertProblem("services.yaml:2: services entry #1 (module=datto-rmm, billingType=devices, company=7): "
                + "unknown company 7");
    }

    @Test
    void unknownModule() throws IOException {
        write("organizations.yaml", ORGANIZATIONS.replace("org: a-2", "org: a-2\n    # typo below").replaceFirst(
                "module: datto-rmm\n    org: a-2", "module: dato-rmm\n    org: a-2"));
        // the line of the entry itself, below the comment that precedes it
        assertProblem("organizations.yaml:10: organizations entry #2 (module=dato-rmm, org=a-2): unknown module 'dato-rmm'");
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

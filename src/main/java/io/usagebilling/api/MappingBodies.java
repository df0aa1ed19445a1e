package io.usagebilling.api;

import static io.usagebilling.api.ApiRequest.need;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.Money;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.mapping.ServiceMappings;
import io.usagebilling.sync.SuggestionAcceptor.Accepted;
import io.usagebilling.sync.SuggestionAcceptor.Skipped;
import io.usagebilling.sync.UnmappedOrganizations.MappedWithoutLine;
import io.usagebilling.sync.UnmappedReport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the endpoints of rest-mappings.camel.yaml read and answer: the records the OpenAPI
 * document's schemas are made from, and the ones the handlers bind and write.
 */
public final class MappingBodies {

    private MappingBodies() {}

    /** POST /api/org-mappings and its answer: an organization of a module mapped to a PSA company. */
    public record OrganizationMapping(@Schema(requiredMode = RequiredMode.REQUIRED) String module,
            @Schema(requiredMode = RequiredMode.REQUIRED) String org,
            @Schema(requiredMode = RequiredMode.REQUIRED) Long company) {
        public OrganizationMapping {
            need(module, "module");
            need(org, "org");
            need(company, "company");
        }
    }

    /** A PSA company chosen for an organization (a remap, a suggestion turned down). */
    public record CompanyChoice(@Schema(requiredMode = RequiredMode.REQUIRED) Long company) {
        public CompanyChoice {
            need(company, "company");
        }
    }

    /**
     * POST /api/service-mappings and its answer: a module's billing type of a company billed on a
     * contract's service line (the contract found from the service when left out).
     */
    public record ServiceLineMapping(@Schema(requiredMode = RequiredMode.REQUIRED) String module,
            @Schema(requiredMode = RequiredMode.REQUIRED) String billingType,
            @Schema(requiredMode = RequiredMode.REQUIRED) Long company, Long contract,
            @Schema(requiredMode = RequiredMode.REQUIRED) Long service,
            @Schema(requiredMode = RequiredMode.REQUIRED, allowableValues = {"daily", "month_end"}) String proration) {
        public ServiceLineMapping {
            need(module, "module");
            need(billingType, "billingType");
            need(company, "company");
            need(service, "service");
            need(proration, "proration");
        }

        ServiceMappings.Request request() {
            return new ServiceMappings.Request(module, billingType, company, contract, service, proration);
        }
    }

    /** GET /api/modules: a module of the catalog. */
    public record ModuleEntry(String id, String name, String source, boolean billingEnabled, List<ModuleBillingType> billingTypes) {
        static ModuleEntry of(Mappings.Module m) {
            return new ModuleEntry(m.id(), m.name(), m.source(), m.billingEnabled(), m.billingTypes().stream()
                    .map(t -> new ModuleBillingType(t.id(), t.rule().unit().code())).toList());
        }
    }

    /** A billing type of a module and the unit it counts in. */
    public record ModuleBillingType(String id, String unit) {}

    /** POST /api/modules/{id}/enable|disable: what the edit of modules.yaml did. */
    public record ModuleSwitched(String id, boolean billingEnabled, String result) {}

    /** GET /api/organizations: a discovered organization; the unbilled usage and suggestions only while unmapped. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DiscoveredOrganization(String module, String org, String name, LocalDate firstSeen, LocalDate lastSeen,
            Long company, BigDecimal unbilledUnitDays, Unbilled unbilled, List<Suggestion> suggestions) {}

    /** GET /api/organizations: how many discovered organizations match, and a page of them. */
    public record OrganizationsAnswer(
            @Schema(description = "discovered organizations the module and unmapped match") int total,
            int offset, int limit, List<DiscoveredOrganization> organizations) {}

    /**
     * GET /api/unmapped: how many organizations are unmapped and how many suggestions they carry, how many
     * match the filter, and the page of those from {@code offset} (largest unbilled usage first).
     */
    public record UnmappedAnswer(
            @Schema(description = "unmapped organizations in all") int unmapped,
            @Schema(description = "suggestions of all unmapped organizations") int suggestions,
            @Schema(description = "unmapped organizations the module and q match") int matching,
            int offset, int limit, List<UnmappedOrganization> organizations) {}

    /**
     * GET /api/mapped-without-service-line: how many billing types of mapped organizations have no
     * service line at their company, and the page of them from {@code offset}.
     */
    public record WithoutServiceLineAnswer(
            @Schema(description = "billing types of mapped organizations without a service line, in all") int total,
            int offset, int limit, List<MappedWithoutLine> lines) {}

    /** An unmapped organization: its unbilled usage (unit-days over days) and up to three suggested companies. */
    public record UnmappedOrganization(String module, String org, String name, BigDecimal unbilledUnitDays, int days,
            Unbilled unbilled, LocalDate firstSeen, LocalDate lastSeen, List<Suggestion> suggestions) {
        static UnmappedOrganization of(UnmappedReport.Report report, UnmappedReport.Entry e) {
            return new UnmappedOrganization(e.organization().module(), e.organization().orgId(), e.organization().name(),
                    e.organization().unitDays(), e.organization().days(), Unbilled.of(report, e), e.organization().firstSeen(),
                    e.organization().lastSeen(), e.suggestions());
        }
    }

    /** What an unmapped organization's usage would have cost; amounts null where there is no price. */
    public record Unbilled(BigDecimal amount, String currency, List<UnbilledType> byBillingType) {
        static Unbilled of(UnmappedReport.Report report, UnmappedReport.Entry e) {
            Optional<Money> amount = report.amount(e.organization());
            return new Unbilled(amount.map(Money::amount).orElse(null),
                    amount.map(m -> m.currency().getCurrencyCode()).orElse(null),
                    report.unbilled(e.organization()).stream().map(u -> new UnbilledType(u.billingType(), u.unitDays(),
                            u.amount().map(Money::amount).orElse(null))).toList());
        }
    }

    /** One billing type's unbilled unit-days and amount. */
    public record UnbilledType(String billingType, BigDecimal unitDays, BigDecimal amount) {}

    /** POST /api/org-mappings/accept-suggestions: accept every best suggestion scoring minScore (0 to 1) or more. */
    public record AcceptSuggestions(
            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0", maximum = "1") BigDecimal minScore,
            @Schema(description = "only this module's organizations") String module) {
        public AcceptSuggestions {
            need(minScore, "minScore");
            if (minScore.signum() < 0 || minScore.compareTo(BigDecimal.ONE) > 0) {
                throw InputProblem.invalid("minScore", "'minScore' must be from 0 to 1, not " + minScore.toPlainString());
            }
        }
    }

    /** Its answer: the organizations mapped, and those whose best suggestion scored enough but were skipped, with why. */
    public record SuggestionsAccepted(BigDecimal minScore, String module, List<Accepted> mapped, List<Skipped> skipped) {}

    /** GET /api/org-mappings/accept-suggestions/preview: what accepting at minScore would do, in counts. */
    public record SuggestionsPreview(BigDecimal minScore, String module,
            @Schema(description = "organizations it would map to their best suggestion") int wouldMap,
            @Schema(description = "organizations it would skip: two companies tie at the top") int ties) {}

    /** POST /api/organizations/{module}/{org}/rejections: the company no longer suggested. */
    public record Rejection(String module, String org, long rejected) {}
}

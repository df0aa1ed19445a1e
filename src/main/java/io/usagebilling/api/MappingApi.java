package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.api.MappingBodies.AcceptSuggestions;
import io.usagebilling.api.MappingBodies.CompanyChoice;
import io.usagebilling.api.MappingBodies.DiscoveredOrganization;
import io.usagebilling.api.MappingBodies.ModuleEntry;
import io.usagebilling.api.MappingBodies.ModuleSwitched;
import io.usagebilling.api.MappingBodies.OrganizationMapping;
import io.usagebilling.api.MappingBodies.OrganizationsAnswer;
import io.usagebilling.api.MappingBodies.Rejection;
import io.usagebilling.api.MappingBodies.ServiceLineMapping;
import io.usagebilling.api.MappingBodies.SuggestionsAccepted;
import io.usagebilling.api.MappingBodies.SuggestionsPreview;
import io.usagebilling.api.MappingBodies.Unbilled;
import io.usagebilling.api.MappingBodies.UnmappedAnswer;
import io.usagebilling.api.MappingBodies.UnmappedOrganization;
import io.usagebilling.api.MappingBodies.WithoutServiceLineAnswer;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.mapping.CompanyCache;
import io.usagebilling.mapping.MappingHistory;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.ModuleSwitch;
import io.usagebilling.mapping.OrgMappings;
import io.usagebilling.mapping.Organizations;
import io.usagebilling.mapping.ServiceMappings;
import io.usagebilling.sync.SuggestionAcceptor;
import io.usagebilling.sync.UnmappedOrganizations.WithoutLinePage;
import io.usagebilling.sync.UnmappedReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/** The mapping endpoints of routes/service/rest-mappings.camel.yaml: modules, organizations, companies, mappings. */
public final class MappingApi {

    /** Organizations on a page of GET /api/unmapped: by default, and at most. */
    static final int UNMAPPED_PAGE = 50;
    static final int UNMAPPED_PAGE_MAX = 500;

    private final ApiCalls calls;
    private final DataSource dataSource;
    private final MappingLoader mappings;
    private final Path mappingsDir;
    private final CompanyCache companies;
    private final OrgMappings orgMappings;
    private final ServiceMappings serviceMappings;
    private final MappingHistory history;
    private final UnmappedReport unmappedReport;
    private final SuggestionAcceptor suggestionAcceptor;

    public MappingApi(ApiCalls calls, DataSource dataSource, MappingLoader mappings, Path mappingsDir, CompanyCache companies,
            UnmappedReport unmappedReport) {
        this.calls = calls;
        this.dataSource = dataSource;
        this.mappings = mappings;
        this.mappingsDir = mappingsDir;
        this.companies = companies;
        this.orgMappings = new OrgMappings(dataSource);
        this.serviceMappings = new ServiceMappings(dataSource);
        this.history = new MappingHistory(dataSource);
        this.unmappedReport = unmappedReport;
        this.suggestionAcceptor = new SuggestionAcceptor(dataSource);
    }

    /** GET /api/modules. */
    public void modules(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(mappings.reloadIfChanged().modules().stream()
                .map(ModuleEntry::of).toList()));
    }

    /** POST /api/modules/{id}/enable and /disable: the same edit of modules.yaml as the CLI. */
    public void enableModule(Exchange exchange) throws Exception {
        switchModule(exchange, true);
    }

    public void disableModule(Exchange exchange) throws Exception {
        switchModule(exchange, false);
    }

    private void switchModule(Exchange exchange, boolean enabled) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String id = r.path("id");
            if (mappings.module(id).isEmpty()) {
                throw InputProblem.notFound("id", "no module '" + id + "' in modules.yaml");
            }
            String done = ModuleSwitch.set(mappingsDir, id, enabled);
            mappings.reloadIfChanged();
            return Reply.json(new ModuleSwitched(id, enabled, done));
        });
    }

    /**
     * GET /api/organizations?module=&unmapped=true&offset=&limit=: a page of the discovered organizations,
     * by module and id; its unmapped ones with their unbilled usage and suggestions (only they are priced).
     */
    public void organizations(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String module = knownModule(r.query("module"));
            int offset = r.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = r.queryInt("limit", UNMAPPED_PAGE, 1, UNMAPPED_PAGE_MAX);
            Organizations.Page page = new Organizations(dataSource).page(module, "true".equals(r.query("unmapped")), offset, limit);
            UnmappedReport.Report report = unmappedReport.report(page.organizations().stream()
                    .filter(o -> o.company() == null).map(o -> List.of(o.module(), o.orgId())).collect(Collectors.toSet()));
            Map<List<String>, UnmappedReport.Entry> unmapped = report.entries().stream().collect(Collectors.toMap(
                    e -> List.of(e.organization().module(), e.organization().orgId()), Function.identity()));
            return Reply.json(new OrganizationsAnswer(page.total(), offset, limit, page.organizations().stream().map(o -> {
                UnmappedReport.Entry e = unmapped.get(List.of(o.module(), o.orgId()));
                return new DiscoveredOrganization(o.module(), o.orgId(), o.name(), o.firstSeen(), o.lastSeen(), o.company(),
                        e == null ? null : e.organization().unitDays(), e == null ? null : Unbilled.of(report, e),
                        e == null ? null : e.suggestions());
            }).toList()));
        });
    }

    /**
     * GET /api/unmapped?module=&q=&offset=&limit=: a page of the unmapped report, largest unbilled usage
     * first, each organization's usage per billing type with its unit and amount (only the page's are
     * priced); how many are unmapped and how many match.
     */
    public void unmapped(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            UnmappedReport.Filter filter = new UnmappedReport.Filter(knownModule(r.query("module")), r.query("q"));
            int offset = r.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = r.queryInt("limit", UNMAPPED_PAGE, 1, UNMAPPED_PAGE_MAX);
            UnmappedReport.Report report = unmappedReport.report(filter, offset, limit);
            return Reply.json(new UnmappedAnswer(report.unmapped(), report.suggestions(), report.matching(), offset, limit,
                    report.entries().stream().map(e -> UnmappedOrganization.of(report, e)).toList()));
        });
    }

    /**
     * GET /api/mapped-without-service-line?module=&offset=&limit=: a page of the mapped organizations whose
     * company has no service line for a billing type they use, by company.
     */
    public void withoutServiceLine(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String module = knownModule(r.query("module"));
            int offset = r.queryInt("offset", 0, 0, Integer.MAX_VALUE);
            int limit = r.queryInt("limit", UNMAPPED_PAGE, 1, UNMAPPED_PAGE_MAX);
            WithoutLinePage page = unmappedReport.withoutServiceLine(module, offset, limit);
            return Reply.json(new WithoutServiceLineAnswer(page.total(), offset, limit, page.lines()));
        });
    }

    /** POST /api/organizations/{module}/{org}/rejections {company}: that suggestion is not offered again. */
    public void rejectSuggestion(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long company = r.body(CompanyChoice.class).company();
            orgMappings.rejectSuggestion(r.path("module"), r.path("org"), company, r.caller());
            return Reply.json(new Rejection(r.path("module"), r.path("org"), company));
        });
    }

    /** GET /api/companies?refresh=true: the PSA's companies as cached (read again first when asked or stale). */
    public void companies(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            if ("true".equals(r.query("refresh"))) {
                companies.refresh();
            } else {
                companies.refreshIfStale();
            }
            return Reply.json(companies.store().companies());
        });
    }

    /** GET /api/companies/{id}/contracts. */
    public void contracts(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long id = r.pathLong("id");
            if (companies.store().company(id).isEmpty()) {
                throw InputProblem.notFound("id", "no company " + id);
            }
            return Reply.json(companies.store().contractsOf(id));
        });
    }

    /** GET /api/org-mappings?company=. */
    public void listOrgMappings(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(orgMappings.list(r.queryLong("company"))));
    }

    /** POST /api/org-mappings {module, org, company}: 201 when mapped, 200 when it already was. */
    public void createOrgMapping(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            OrganizationMapping b = r.body(OrganizationMapping.class);
            companies.refreshIfStale();
            boolean created = orgMappings.map(b.module(), b.org(), b.company(), false, r.caller());
            return new Reply(created ? 201 : 200, "application/json", b);
        });
    }

    /**
     * POST /api/org-mappings/accept-suggestions {minScore, module?}: maps each unmapped organization to its
     * best suggestion when it scores minScore or more, each as a single accept would; says what it skipped and why.
     */
    public void acceptSuggestions(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            AcceptSuggestions b = r.body(AcceptSuggestions.class);
            knownModule(b.module());
            companies.refreshIfStale();
            SuggestionAcceptor.Outcome outcome = suggestionAcceptor.accept(b.minScore(), b.module(), r.caller());
            return Reply.json(new SuggestionsAccepted(b.minScore(), b.module(), outcome.mapped(), outcome.skipped()));
        });
    }

    /**
     * GET /api/org-mappings/accept-suggestions/preview?minScore=&module=: how many organizations that bulk
     * accept would map, and how many it would skip as tied at the top, by the same rule, over all of them.
     */
    public void previewSuggestions(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            AcceptSuggestions b = new AcceptSuggestions(r.queryDecimal("minScore"), knownModule(r.query("module")));
            SuggestionAcceptor.Preview preview = SuggestionAcceptor.preview(
                    unmappedReport.matching(new UnmappedReport.Filter(b.module(), null)), b.minScore());
            return Reply.json(new SuggestionsPreview(b.minScore(), b.module(), preview.mapped(), preview.ties()));
        });
    }

    /** The module, when null or in mappings/modules.yaml; else a 400 naming it. */
    private String knownModule(String module) {
        if (module != null && mappings.module(module).isEmpty()) {
            throw InputProblem.invalid("module", "unknown module '" + module + "' (not in mappings/modules.yaml)");
        }
        return module;
    }

    /** PUT /api/org-mappings/{module}/{org} {company}: remap, kept in the history. */
    public void remapOrg(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long company = r.body(CompanyChoice.class).company();
            if (!orgMappings.isMapped(r.path("module"), r.path("org"))) {
                throw InputProblem.notFound("org", r.path("module") + " organization " + r.path("org") + " is not mapped; POST to map it");
            }
            companies.refreshIfStale();
            orgMappings.map(r.path("module"), r.path("org"), company, true, r.caller());
            return Reply.json(new OrganizationMapping(r.path("module"), r.path("org"), company));
        });
    }

    /** DELETE /api/org-mappings/{module}/{org}. */
    public void deleteOrgMapping(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            orgMappings.unmap(r.path("module"), r.path("org"), r.caller());
            return new Reply(204, "application/json", "");
        });
    }

    /** GET /api/service-mappings?company=. */
    public void listServiceMappings(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(serviceMappings.list(r.queryLong("company"))));
    }

    /** POST /api/service-mappings {module, billingType, company, contract?, service, proration}. */
    public void createServiceMapping(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            ServiceLineMapping b = r.body(ServiceLineMapping.class);
            companies.refreshIfStale();
            long contract = serviceMappings.create(b.request(), r.caller());
            return new Reply(201, "application/json", new ServiceLineMapping(b.module(), b.billingType(), b.company(),
                    contract, b.service(), b.proration()));
        });
    }

    /** DELETE /api/service-mappings/{module}/{billingType}/{company}. */
    public void deleteServiceMapping(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            serviceMappings.delete(r.path("module"), r.path("billingType"), r.pathLong("company"), r.caller());
            return new Reply(204, "application/json", "");
        });
    }

    /** GET /api/mapping-history?kind=organization|service&key=module/org: newest first. */
    public void history(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            String kind = r.query("kind");
            if (kind != null && !List.of("organization", "service").contains(kind)) {
                throw InputProblem.invalid("kind", "kind must be 'organization' or 'service', not '" + kind + "'");
            }
            Long limit = r.queryLong("limit");
            if (limit != null && limit < 1) {
                throw InputProblem.invalid("limit", "limit must be 1 or more, not " + limit);
            }
            return Reply.json(history.changes(kind, r.query("key"), limit == null ? 100 : (int) Math.min(limit, 1000)));
        });
    }
}

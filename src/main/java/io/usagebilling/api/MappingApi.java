package io.usagebilling.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.Money;
import io.usagebilling.mapping.CompanyCache;
import io.usagebilling.mapping.MappingHistory;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.ModuleSwitch;
import io.usagebilling.mapping.OrgMappings;
import io.usagebilling.mapping.Organizations;
import io.usagebilling.mapping.ServiceMappings;
import io.usagebilling.sync.UnmappedReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;

/** The mapping endpoints of routes/service/rest-mappings.camel.yaml: modules, organizations, companies, mappings. */
public final class MappingApi {

    private final ApiCalls calls;
    private final DataSource dataSource;
    private final MappingLoader mappings;
    private final Path mappingsDir;
    private final CompanyCache companies;
    private final OrgMappings orgMappings;
    private final ServiceMappings serviceMappings;
    private final MappingHistory history;
    private final UnmappedReport unmappedReport;

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
    }

    /** GET /api/modules. */
    public void modules(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(mappings.reloadIfChanged().modules().stream()
                .map(m -> Map.of("id", m.id(), "name", m.name(), "source", m.source(), "billingEnabled", m.billingEnabled(),
                        "billingTypes", m.billingTypes().stream().map(t -> Map.of("id", t.id(), "unit", t.rule().unit().code()))
                                .toList()))
                .toList()));
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
            return Reply.json(Map.of("id", id, "billingEnabled", enabled, "result", done));
        });
    }

    /** GET /api/organizations?module=&unmapped=true: discovered organizations; unmapped ones with suggestions. */
    public void organizations(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            UnmappedReport.Report report = unmappedReport.report();
            Map<String, UnmappedReport.Entry> unmapped = report.entries().stream().collect(Collectors.toMap(
                    e -> e.organization().module() + "/" + e.organization().orgId(), Function.identity()));
            boolean onlyUnmapped = "true".equals(r.query("unmapped"));
            return Reply.json(new Organizations(dataSource).list(r.query("module")).stream()
                    .filter(o -> !onlyUnmapped || o.company() == null)
                    .map(o -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("module", o.module());
                        row.put("org", o.orgId());
                        row.put("name", o.name());
                        row.put("firstSeen", o.firstSeen().toString());
                        row.put("lastSeen", o.lastSeen().toString());
                        row.put("company", o.company());
                        UnmappedReport.Entry e = unmapped.get(o.module() + "/" + o.orgId());
                        if (e != null) {
                            row.put("unbilledUnitDays", e.organization().unitDays());
                            row.put("unbilled", unbilled(report, e));
                            row.put("suggestions", e.suggestions());
                        }
                        return row;
                    }).toList());
        });
    }

    /**
     * GET /api/unmapped: the unmapped report, largest unbilled usage first, each organization's usage
     * per billing type with its unit and amount; and the mapped organizations with no service line.
     */
    public void unmapped(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            UnmappedReport.Report report = unmappedReport.report();
            return Reply.json(Map.of("unmapped", report.entries().size(), "suggestions", report.suggestions(),
                    "organizations", report.entries().stream().map(e -> Map.of("module", e.organization().module(),
                            "org", e.organization().orgId(), "name", e.organization().name(),
                            "unbilledUnitDays", e.organization().unitDays(), "days", e.organization().days(),
                            "unbilled", unbilled(report, e),
                            "firstSeen", e.organization().firstSeen().toString(),
                            "lastSeen", e.organization().lastSeen().toString(), "suggestions", e.suggestions())).toList(),
                    "mappedWithoutServiceLine", report.withoutServiceLine()));
        });
    }

    /** {amount, currency, byBillingType: [{billingType, unitDays, amount}]}; amount null where there is no price. */
    private static Map<String, Object> unbilled(UnmappedReport.Report report, UnmappedReport.Entry e) {
        Map<String, Object> unbilled = new LinkedHashMap<>();
        Optional<Money> amount = report.amount(e.organization());
        unbilled.put("amount", amount.map(Money::amount).orElse(null));
        unbilled.put("currency", amount.map(m -> m.currency().getCurrencyCode()).orElse(null));
        unbilled.put("byBillingType", report.unbilled(e.organization()).stream().map(u -> {
            Map<String, Object> type = new LinkedHashMap<>();
            type.put("billingType", u.billingType());
            type.put("unitDays", u.unitDays());
            type.put("amount", u.amount().map(Money::amount).orElse(null));
            return type;
        }).toList());
        return unbilled;
    }

    /** POST /api/organizations/{module}/{org}/rejections {company}: that suggestion is not offered again. */
    public void rejectSuggestion(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long company = ApiRequest.requiredLong(r.body(), "company");
            orgMappings.rejectSuggestion(r.path("module"), r.path("org"), company, r.caller());
            return Reply.json(Map.of("module", r.path("module"), "org", r.path("org"), "rejected", company));
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
            JsonNode b = r.body();
            String module = ApiRequest.required(b, "module").asText();
            String org = ApiRequest.required(b, "org").asText();
            long company = ApiRequest.requiredLong(b, "company");
            companies.refreshIfStale();
            boolean created = orgMappings.map(module, org, company, false, r.caller());
            return new Reply(created ? 201 : 200, "application/json", Map.of("module", module, "org", org, "company", company));
        });
    }

    /** PUT /api/org-mappings/{module}/{org} {company}: remap, kept in the history. */
    public void remapOrg(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> {
            long company = ApiRequest.requiredLong(r.body(), "company");
            if (!orgMappings.isMapped(r.path("module"), r.path("org"))) {
                throw InputProblem.notFound("org", r.path("module") + " organization " + r.path("org") + " is not mapped; POST to map it");
            }
            companies.refreshIfStale();
            orgMappings.map(r.path("module"), r.path("org"), company, true, r.caller());
            return Reply.json(Map.of("module", r.path("module"), "org", r.path("org"), "company", company));
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
            JsonNode b = r.body();
            companies.refreshIfStale();
            ServiceMappings.Request request = new ServiceMappings.Request(ApiRequest.required(b, "module").asText(),
                    ApiRequest.required(b, "billingType").asText(), ApiRequest.requiredLong(b, "company"),
                    ApiRequest.optionalLong(b, "contract"), ApiRequest.requiredLong(b, "service"),
                    ApiRequest.required(b, "proration").asText());
            long contract = serviceMappings.create(request, r.caller());
            return new Reply(201, "application/json", Map.of("module", request.module(), "billingType", request.billingType(),
                    "company", request.company(), "contract", contract, "service", request.service(),
                    "proration", request.proration()));
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

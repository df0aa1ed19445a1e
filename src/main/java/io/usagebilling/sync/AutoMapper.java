package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.mapping.CompanyCache;
import io.usagebilling.mapping.OrgMappings;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code mapping.auto-map-exact}, maps each unmapped organization whose name matches exactly
 * one company's after normalization (score 1.00); anything less, or two exact matches, waits for a
 * person. Runs in the daily sync before quantities, so the mapped usage is delivered that day.
 */
public final class AutoMapper {

    static final String ACTOR = "auto-map (exact name)";
    private static final Logger LOG = LoggerFactory.getLogger(AutoMapper.class);

    private final DataSource dataSource;
    private final CompanyCache companies;
    private final boolean enabled;

    public AutoMapper(DataSource dataSource, CompanyCache companies, boolean enabled) {
        this.dataSource = dataSource;
        this.companies = companies;
        this.enabled = enabled;
    }

    /** Returns how many organizations it mapped. */
    public int mapExactMatches() {
        if (!enabled) {
            return 0;
        }
        companies.refreshIfStale();
        OrgMappings mappings = new OrgMappings(dataSource);
        int mapped = 0;
        for (UnmappedReport.Entry e : UnmappedReport.entries(dataSource)) {
            List<Suggestion> exact = e.suggestions().stream().filter(Suggestion::exact).toList();
            if (exact.size() == 1) {
                mappings.map(e.organization().module(), e.organization().orgId(), exact.get(0).companyId(), false, ACTOR);
                LOG.info("auto-mapped {} organization {} \"{}\" to company {} \"{}\" (exact name)", e.organization().module(),
                        e.organization().orgId(), e.organization().name(), exact.get(0).companyId(), exact.get(0).companyName());
                mapped++;
            }
        }
        return mapped;
    }
}

package io.usagebilling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.Price;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.UsageStore;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.support.DatabasePerClass;
import io.usagebilling.support.Gens;
import io.usagebilling.support.Properties;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unmapped report's pages, for any module and search and any page size: one after the other they
 * are the whole ordered list of the organizations the filter matches (the name or id, or a suggested
 * company's name, in any case), none twice, none left out, counted as the answer says; and each page's
 * organizations are priced as they are when every organization is.
 */
class UnmappedPagesPropertiesTest extends DatabasePerClass {

    private static final Currency USD = Currency.getInstance("USD");
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 9, 29);
    private static final List<String> NAMES = List.of("Acme Dental - Main", "ACME Dental, Inc.", "Birch Logistics",
            "Cobalt Legal", "Dunlin Freight", "Zephyr Works", "Élan Café");
    private static final List<String> SEARCHES = List.of("", " ", "acme", "DENTAL", "o1", "q-o2", "freight ltd",
            "logistics llc", " birch ", "élan", "zz", "-");
    private static final List<String> MODULES = List.of("p", "q");
    private static UnmappedReport reports;

    @BeforeAll
    static void world() {
        jdbc.update("""
                INSERT INTO module (id, name, source_kind) VALUES ('p', 'P', 'callback'), ('q', 'Q', 'callback');
                INSERT INTO company (id, name) VALUES (1, 'Acme Dental'), (2, 'Birch Logistics LLC'), (3, 'Dunlin Freight'),
                    (4, 'Dunlin Freight Ltd')""");
        UsageStore store = new UsageStore(database.dataSource());
        for (int day = 0; day < 3; day++) {
            for (String module : MODULES) {
                List<UsageRecord> records = new ArrayList<>();
                for (int o = 0; o < 24; o++) {
                    // quantities that tie often, so the order falls back on module and organization
                    records.add(new UsageRecord(module, module + "-o" + o, NAMES.get(o % NAMES.size()), o % 3 == 0 ? "s" : "t",
                            null, BigDecimal.valueOf((o * 7 + day) % 4), FIRST_DAY.plusDays(day), "r" + o));
                }
                store.storePushed(module, FIRST_DAY.plusDays(day), new SourcePage(records, List.of(), 0, null, null));
            }
        }
        jdbc.update("""
                INSERT INTO org_mapping (module_id, org_id, company_id) VALUES ('p', 'p-o3', 1), ('q', 'q-o10', 2);
                INSERT INTO suggestion_rejection (module_id, org_id, company_id, rejected_by) VALUES ('p', 'p-o4', 3, 'test')""");
        // unpriced in September, priced all month, and a price changing within the month (its days read)
        reports = new UnmappedReport(database.dataSource(), () -> new PriceCatalog(List.of(
                new Price("p", "t", USD, new BigDecimal("1.50"), LocalDate.of(2026, 10, 1)),
                new Price("q", "t", USD, new BigDecimal("0.75"), LocalDate.of(2024, 1, 1)),
                new Price("q", "s", USD, new BigDecimal("1.00"), LocalDate.of(2024, 1, 1)),
                new Price("q", "s", USD, new BigDecimal("2.00"), LocalDate.of(2026, 9, 30)))), USD);
    }

    @Test
    void thePagesOneAfterTheOtherAreTheWholeOrderedListTheFilterMatches() {
        UnmappedReport.Report whole = reports.report();
        assertThat(whole.entries()).hasSize(46);
        Properties.qt(200).forAll(Gens.injectNull(Gens.of(MODULES.toArray(String[]::new)), 30),
                Gens.injectNull(Gens.of(SEARCHES.toArray(String[]::new)), 20), Gens.ints(1, 50))
                .checkAssert((module, q, limit) -> {
                    UnmappedReport.Filter filter = new UnmappedReport.Filter(module, q);
                    List<UnmappedReport.Entry> expected = whole.entries().stream().filter(matching(module, q)).toList();
                    List<UnmappedReport.Entry> pages = new ArrayList<>();
                    for (int offset = 0; ; offset += limit) {
                        UnmappedReport.Report page = reports.report(filter, offset, limit);
                        assertThat(page.unmapped()).isEqualTo(whole.entries().size());
                        assertThat(page.suggestions()).isEqualTo(whole.suggestions());
                        assertThat(page.matching()).isEqualTo(expected.size());
                        assertThat(page.entries()).hasSizeLessThanOrEqualTo(limit);
                        page.entries().forEach(e -> assertThat(page.unbilled(e.organization()))
                                .as(e.organization().orgId()).isEqualTo(whole.unbilled(e.organization())));
                        if (page.entries().isEmpty()) {
                            break;
                        }
                        pages.addAll(page.entries());
                    }
                    assertThat(pages).isEqualTo(expected);
                });
    }

    /** The search as the console has always meant it, written out on its own. */
    private static Predicate<UnmappedReport.Entry> matching(String module, String q) {
        String needle = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        return e -> (module == null || module.equals(e.organization().module()))
                && Stream.concat(Stream.of(e.organization().name(), e.organization().orgId()),
                        e.suggestions().stream().map(s -> s.companyName()))
                        .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(needle));
    }
}

package io.usagebilling.sync;

import io.usagebilling.domain.CompanySuggestions.Suggestion;
import io.usagebilling.domain.DayQuantity;
import io.usagebilling.domain.LineCharge;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.PriceCatalog;
import io.usagebilling.domain.Proration;
import io.usagebilling.sync.UnmappedOrganizations.TypeMonths;
import io.usagebilling.sync.UnmappedOrganizations.Unmapped;
import io.usagebilling.sync.UnmappedOrganizations.WithoutLinePage;
import io.usagebilling.totals.UsageTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * What is not billed: the unmapped organizations with the three likeliest companies each (less those
 * turned down) and their usage priced in money, and the mapped organizations whose company has no
 * service line for a billing type they use.
 */
public final class UnmappedReport {

    static final int SUGGESTIONS_PER_ORGANIZATION = 3;

    /** One unmapped organization and its suggestions, best first. */
    public record Entry(Unmapped organization, List<Suggestion> suggestions) {}

    /**
     * An unmapped organization's usage of one billing type: its unit-days, and what it would cost at the
     * module's price, prorated by day as a daily line is (empty when the price list has no price for it).
     */
    public record Unbilled(String billingType, BigDecimal unitDays, Optional<Money> amount) {
        String text() {
            return billingType + " " + unitDays.toPlainString() + " unit-days " + amount.map(Money::toString).orElse("no price");
        }
    }

    /**
     * Which unmapped organizations to show: of one module (null: all), and whose name or id, or a
     * suggested company's name, contains {@code q} in any case (null or blank: all; kept stripped and
     * in lower case).
     */
    public record Filter(String module, String q) {

        public static final Filter ALL = new Filter(null, null);

        public Filter {
            q = q == null ? "" : q.strip().toLowerCase(Locale.ROOT);
        }

        public boolean matches(Entry e) {
            Unmapped org = e.organization();
            if (module != null && !module.equals(org.module())) {
                return false;
            }
            return q.isEmpty() || Stream.concat(Stream.of(org.name(), org.orgId()),
                    e.suggestions().stream().map(Suggestion::companyName))
                    .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains(q));
        }
    }

    /**
     * A page of the report: how many organizations are unmapped and how many suggestions they carry in
     * all, how many the filter matches, the page's entries and their usage unbilled.
     */
    public record Report(int unmapped, int suggestions, int matching, List<Entry> entries,
            Map<String, List<Unbilled>> unbilled) {

        /** The organization's unbilled usage, per billing type. */
        public List<Unbilled> unbilled(Unmapped org) {
            return unbilled.getOrDefault(key(org.module(), org.orgId()), List.of());
        }

        /** The organization's unbilled amount: the sum of its priced billing types. */
        public Optional<Money> amount(Unmapped org) {
            return unbilled(org).stream().flatMap(u -> u.amount().stream()).reduce(Money::plus);
        }

        /** A line per organization of the page. */
        public List<String> lines() {
            return entries.stream().map(this::line).toList();
        }

        private String line(Entry e) {
            Unmapped org = e.organization();
            return "unmapped: " + org.module() + " " + org.orgId() + " \"" + org.name() + "\" unit_days="
                    + org.unitDays().toPlainString() + " days=" + org.days() + " unbilled="
                    + amount(org).map(Money::toString).orElse("unpriced") + " ("
                    + unbilled(org).stream().map(Unbilled::text).collect(Collectors.joining("; ")) + ") seen="
                    + org.firstSeen() + ".." + org.lastSeen() + " suggestions=" + (e.suggestions().isEmpty() ? "none"
                            : e.suggestions().stream().map(s -> s.companyId() + " \"" + s.companyName() + "\" "
                                    + s.score().toPlainString()).collect(Collectors.joining("; ")));
        }
    }

    private final DataSource dataSource;
    private final Supplier<PriceCatalog> prices;
    private final Currency currency;
    private final RememberedSuggestions suggestions = new RememberedSuggestions();

    public UnmappedReport(DataSource dataSource, Supplier<PriceCatalog> prices, Currency currency) {
        this.dataSource = dataSource;
        this.prices = prices;
        this.currency = currency;
    }

    /** The unmapped organizations and their suggestions only: what auto-mapping needs. */
    public static List<Entry> entries(DataSource dataSource) {
        new UsageTotals(dataSource).fold();
        return entries(new UnmappedOrganizations(dataSource), new RememberedSuggestions());
    }

    private static List<Entry> entries(UnmappedOrganizations unmapped, RememberedSuggestions remembered) {
        Function<Unmapped, List<Suggestion>> suggestions = remembered.among(unmapped.companies(), SUGGESTIONS_PER_ORGANIZATION);
        return unmapped.list().stream().map(org -> new Entry(org, suggestions.apply(org))).toList();
    }

    /** Every unmapped organization, priced. */
    public Report report() {
        return report(Filter.ALL, 0, Integer.MAX_VALUE);
    }

    /** The report's organizations, then every mapped one without a service line: a line each. */
    public List<String> lines(Report report) {
        List<String> lines = new ArrayList<>(report.lines());
        withoutServiceLine(null, 0, Integer.MAX_VALUE).lines().forEach(m -> lines.add(m.line()));
        return lines;
    }

    /** A page of the mapped organizations (of one module; null: all) without a service line for a type they use. */
    public WithoutLinePage withoutServiceLine(String module, int offset, int limit) {
        new UsageTotals(dataSource).fold();
        return new UnmappedOrganizations(dataSource).withoutServiceLine(module, offset, limit);
    }

    /**
     * The {@code limit} organizations from {@code offset} of those the filter matches, in the report's
     * order; only they are priced, as only they are shown.
     */
    public Report report(Filter filter, int offset, int limit) {
        return report(all -> all.stream().filter(filter::matches).toList(), offset, limit);
    }

    /** These organizations (module and id) of the unmapped ones, priced: those of a page of the discovered ones. */
    public Report report(Set<List<String>> organizations) {
        return report(all -> all.stream().filter(e -> organizations.contains(
                List.of(e.organization().module(), e.organization().orgId()))).toList(), 0, Integer.MAX_VALUE);
    }

    private Report report(UnaryOperator<List<Entry>> which, int offset, int limit) {
        new UsageTotals(dataSource).fold();
        UnmappedOrganizations unmapped = new UnmappedOrganizations(dataSource);
        List<Entry> all = entries(unmapped, suggestions);
        List<Entry> matching = which.apply(all);
        List<Entry> page = matching.subList(Math.min(offset, matching.size()),
                (int) Math.min((long) offset + limit, matching.size()));
        return new Report(all.size(), all.stream().mapToInt(e -> e.suggestions().size()).sum(), matching.size(), page,
                priced(unmapped, page.stream().map(Entry::organization).toList()));
    }

    /** The entries the filter matches, all of them, with their suggestions but unpriced. */
    public List<Entry> matching(Filter filter) {
        new UsageTotals(dataSource).fold();
        return entries(new UnmappedOrganizations(dataSource), suggestions).stream().filter(filter::matches).toList();
    }

    /** These organizations' usage unbilled, per billing type, by {@link #key}. */
    private Map<String, List<Unbilled>> priced(UnmappedOrganizations unmapped, List<Unmapped> orgs) {
        PriceCatalog catalog = prices.get();
        Map<List<Object>, Optional<BigDecimal>> pricesOn = new HashMap<>(); // the catalog is a list: looked up once a day
        Map<List<Object>, Boolean> steady = new HashMap<>();
        Map<List<Object>, Map<String, List<DayQuantity>>> daysFetched = new HashMap<>();
        Map<String, List<Unbilled>> unbilled = new HashMap<>();
        for (TypeMonths usage : unmapped.unbilledUsage(orgs)) {
            Function<LocalDate, Optional<BigDecimal>> price = day -> pricesOn.computeIfAbsent(List.of(usage.module(),
                    usage.billingType(), day), k -> catalog.unitPrice(usage.module(), usage.billingType(), currency, day));
            unbilled.computeIfAbsent(key(usage.module(), usage.orgId()), k -> new ArrayList<>()).add(priced(usage, price,
                    month -> steady.computeIfAbsent(List.of(usage.module(), usage.billingType(), month),
                            k -> month.atDay(1).datesUntil(month.atEndOfMonth()).allMatch(
                                    d -> price.apply(d).equals(price.apply(month.atEndOfMonth())))),
                    month -> daysFetched.computeIfAbsent(List.of(usage.module(), usage.billingType(), month),
                            k -> unmapped.unbilledDays(usage.module(), usage.billingType(), month, orgs))
                            .getOrDefault(usage.orgId(), List.of())));
        }
        return unbilled;
    }

    /**
     * Each month of the usage as a daily line of that month would charge it; empty when a day has no
     * price. A month whose price holds every day ({@code steady}) is charged on its total (Σ quantity ×
     * price is the total × price); one without a price on its last day had none on any day (a price,
     * once in force, stays); only a month whose price starts or changes within it needs its days.
     */
    private Unbilled priced(TypeMonths usage, Function<LocalDate, Optional<BigDecimal>> price,
                            Predicate<YearMonth> steady, Function<YearMonth, List<DayQuantity>> daysOf) {
        BigDecimal unitDays = usage.months().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
        Money sum = Money.zero(currency);
        for (Map.Entry<YearMonth, BigDecimal> month : usage.months().entrySet()) {
            YearMonth m = month.getKey();
            List<DayQuantity> days = price.apply(m.atEndOfMonth()).isEmpty() ? null
                    : steady.test(m) ? List.of(new DayQuantity(m.atEndOfMonth(), month.getValue())) : daysOf.apply(m);
            if (days == null || !days.stream().allMatch(d -> price.apply(d.date()).isPresent())) {
                return new Unbilled(usage.billingType(), unitDays, Optional.empty());
            }
            sum = sum.plus(LineCharge.of(m, Proration.DAILY, days, day -> price.apply(day).orElseThrow(), currency).amount());
        }
        return new Unbilled(usage.billingType(), unitDays, Optional.of(sum));
    }

    private static String key(String module, String orgId) {
        return module + "/" + orgId;
    }
}

package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.invoicing.MonthClose;
import io.usagebilling.mapping.OrgMappings;
import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.HaloSimulator;
import io.usagebilling.sim.psa.SimulatedPsa;
import io.usagebilling.sim.psa.WriteFaults;
import io.usagebilling.support.Actions;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.OtherPsas;
import io.usagebilling.support.Properties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The PSA equals the usage, whatever order days are synced in: random histories of usage found late,
 * corrections, days said complete, syncs of any day in any order, PSA faults, hand edits at the PSA,
 * restarts and a new mapping, against the real application and
 * each PSA simulator (Autotask, ConnectWise, Kaseya BMS, HaloPSA) over HTTP, with usage dropped as CSV files. After the history settles (every
 * day with data synced, twice, so a lost answer is settled, then reconcile --fix over the whole range),
 * a reconcile finds nothing left, syncing again sends nothing, the month's invoice quantity is the
 * PSA's, and each line's units on every date equal
 * the usage: the daily lines each day's total, the month_end line the month's last day's from the 1st.
 * Acme's contract has a line of each of two modules, so a PSA that writes a contract whole (HaloPSA)
 * sends both lines' changes together.
 */
class TimelineModelIT {

    /** Tenant days the histories touch: the end of September (a month end) and the end of October. */
    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2026, 9, 28), LocalDate.of(2026, 9, 29),
            LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 30), LocalDate.of(2026, 10, 31));
    private static final String ACME = "kob-acme";     // daily: contract 11, service 600
    private static final String COBALT = "kob-cobalt"; // month_end: contract 13, service 600
    private static final String DUNE = "kob-dune";     // unmapped until a MapDune step maps it to Acme
    private static final String WORKPLACE = "dwp-acme"; // daily: contract 11, service 601, of the other module
    private static final String KOB = "kaseya-online-backup";
    private static final String DWP = "datto-workplace";

    /** Reconciled at the end: the histories' days, and the month_end line's dates (the 1st of the next month). */
    private static final LocalDate FIRST = DAYS.get(0);
    private static final LocalDate LAST = LocalDate.of(2026, 11, 1);

    sealed interface Step permits Found, Complete, Sync, FailNextWrite, HandEdit, Restart, MapDune, Correct {}


    /** The module's export of {@code day} arrives (late or not) with one more machine of the organization. */
    record Found(String org, LocalDate day, int gb) implements Step {}

    /** The module sends a machine found earlier again (the {@code nth} found, round) with another size: a correction. */
    record Correct(int nth, int gb) implements Step {}

    /** The module says {@code day} is complete: a CSV file with the header only, named for the day. */
    record Complete(String module, LocalDate day) implements Step {}

    record Sync(LocalDate day) implements Step {}

    /** The PSA's next write fails: answered 500 or cut off after it applied, or throttled (429). */
    record FailNextWrite(WriteFaults.Fault fault) implements Step {}

    /** Someone changes the organization's line at the PSA by hand, as the PSA's screens do on that day. */
    record HandEdit(String org, LocalDate day, int units) implements Step {}

    /** The application stops and starts again on the same database. */
    record Restart() implements Step {}

    /** A person maps Dune to Acme's company: its usage is Acme's from then on, and before (backbill). */
    record MapDune() implements Step {}

    @ParameterizedTest
    @ValueSource(strings = {"autotask", "connectwise", "bms", "halopsa"})
    void thePsaEqualsTheUsageWhateverOrderDaysAreSyncedIn(String psa) {
        Gen<LocalDate> day = SourceDSL.integers().between(0, DAYS.size() - 1).map(DAYS::get);
        Gen<Step> found = SourceDSL.integers().between(0, 3).zip(day, SourceDSL.integers().between(1, 40),
                (org, d, gb) -> new Found(List.of(ACME, COBALT, DUNE, WORKPLACE).get(org), d, gb));
        Gen<Step> handEdit = SourceDSL.integers().between(0, 2).zip(SourceDSL.integers().between(0, DAYS.size()),
                SourceDSL.integers().between(-3, 5), (org, d, units) -> new HandEdit(List.of(ACME, COBALT, WORKPLACE).get(org),
                        d == DAYS.size() ? LAST : DAYS.get(d), units == 0 ? 1 : units));
        Gen<Step> complete = SourceDSL.booleans().all().zip(day, (kob, d) -> new Complete(kob ? KOB : DWP, d));
        Gen<Step> step = Generate.frequency(
                org.quicktheories.api.Pair.of(4, found),
                org.quicktheories.api.Pair.of(1, complete),
                org.quicktheories.api.Pair.of(4, day.map(Sync::new)),
                org.quicktheories.api.Pair.of(1, Generate.enumValues(WriteFaults.Fault.class).map(FailNextWrite::new)),
                org.quicktheories.api.Pair.of(1, handEdit),
                org.quicktheories.api.Pair.of(1, Generate.constant(new Restart())),
                org.quicktheories.api.Pair.of(1, Generate.constant(new MapDune())),
                org.quicktheories.api.Pair.of(1, SourceDSL.integers().between(0, 13).zip(SourceDSL.integers().between(1, 40),
                        Correct::new)));
        // each history starts the application: 15 per PSA keeps the four PSAs within the three's time of 20,
        // and few shrink cycles, or a failure takes an hour to shrink
        Actions.check(Properties.qt(15).withShrinkCycles(40), Actions.listsOf(step, 14), history -> {
            try (PsaUnderTest under = PsaUnderTest.start(psa)) {
                runHistory(under, history);
            }
        });
    }

    private static void runHistory(PsaUnderTest psa, List<Step> history) {
        try (BillingFixture fixture = new BillingFixture()
                .with("billing.mappings-dir", "src/test/resources/timeline-model-mappings").with("billing.drop-poll-ms", "50")
                .with("psa.circuit.minimum-calls", "1000")) { // the faults here are few; the breaker has tests of its own
            SimulatedPsa sim = psa.setUp().apply(fixture);
            fixture.start();
            Model model = new Model();
            Actions.forEachStep(history, s -> apply(s, fixture, sim, model));
            sim.clearFaults(); // the PSA recovers
            BillingApp app = restart(fixture);
            for (int pass = 0; pass < 2; pass++) { // settle: a lost answer is resolved by the next run
                model.daysWithData().forEach(app::syncDay);
            }
            if (history.stream().noneMatch(HandEdit.class::isInstance)) { // no drift where nobody edited by hand
                assertThat(fixture.count("SELECT count(*) FROM psa_drift")).as("drift noticed without a hand edit").isZero();
            }
            // hand edits the syncs did not come across are found and fixed, and then none is left
            app.reconcile(new Reconciler.Request(FIRST, LAST, true));
            assertThat(app.reconcile(new Reconciler.Request(FIRST, LAST, false)).problems()).as("reconcile after the fix").isEmpty();
            for (LocalDate d : model.daysWithData(DWP)) {
                assertThat(sim.unitsOn(11, 601, d)).as("the other module's daily line on " + d)
                        .isEqualByComparingTo(model.units(WORKPLACE, d));
            }
            for (LocalDate d : model.daysWithData(KOB)) {
                assertThat(sim.unitsOn(11, 600, d)).as("daily line on " + d).isEqualByComparingTo(model.acme(d));
                if (d.plusDays(1).getDayOfMonth() == 1) {
                    assertThat(sim.unitsOn(13, 600, d.plusDays(1))).as("month_end line from " + d.plusDays(1))
                            .isEqualByComparingTo(model.units(COBALT, d));
                }
            }
            for (YearMonth month : List.of(YearMonth.of(2026, 9), YearMonth.of(2026, 10))) {
                assertInvoiceEqualsThePsa(app.closeMonth(month), month, model, sim);
            }
            for (LocalDate d : model.daysWithData()) { // settled: syncing again sends nothing
                assertThat(app.syncDay(d).adjustments()).as("adjustments of a sync of " + d + " once settled").isZero();
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static void apply(Step step, BillingFixture fixture, SimulatedPsa psa, Model model) {
        if (step instanceof Found f) {
            int machine = model.found(f);
            drop(fixture, f.org(), "found-" + machine + ".csv", new Model.Machine(machine, f.org(), f.day(), f.gb()));
        } else if (step instanceof Correct k) {
            model.correct(k).ifPresent(m -> drop(fixture, m.org(), "correct-" + model.found + "-" + m.id() + ".csv", m));
        } else if (step instanceof Complete c) {
            model.complete(c.module(), c.day());
            drop(fixture, c.module().equals(KOB) ? ACME : WORKPLACE, "complete-" + model.found + "-" + c.day() + ".csv", null);
        } else if (step instanceof Sync s) {
            fixture.app().syncDay(s.day()); // a day without data waits; that is not a failure here
        } else if (step instanceof FailNextWrite f) {
            psa.failNextWrite(f.fault());
        } else if (step instanceof HandEdit h) {
            psa.handEdit(h.org().equals(COBALT) ? 13 : 11, h.org().equals(WORKPLACE) ? 601 : 600, h.day(), BigDecimal.valueOf(h.units()));
        } else if (step instanceof Restart) {
            restart(fixture);
        } else if (step instanceof MapDune) {
            model.mapDune();
            new OrgMappings(fixture.app().dataSource()).map("kaseya-online-backup", DUNE, 101, false, "model");
        }
    }

    /**
     * The month's invoice quantity is the PSA's: the daily line's the average of the PSA's units over
     * the month's synced days (a day without usage counts 0), the month_end line's the PSA's units from
     * the 1st of the next month when the month's last day was synced.
     */
    private static void assertInvoiceEqualsThePsa(MonthClose.CloseSummary close, YearMonth month, Model model, SimulatedPsa psa) {
        Map<ContractLine, BigDecimal> invoiced = new HashMap<>();
        close.invoices().forEach(i -> i.invoice().lines().forEach(l -> invoiced.put(l.line(), l.quantity())));
        for (int service : List.of(600, 601)) {
            BigDecimal psaDays = model.daysWithData(service == 600 ? KOB : DWP).stream().filter(d -> YearMonth.from(d).equals(month))
                    .map(d -> psa.unitsOn(11, service, d)).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(invoiced.getOrDefault(new ContractLine(11, service), BigDecimal.ZERO))
                    .as("Acme's invoice quantity of line " + service + " for " + month)
                    .isEqualByComparingTo(psaDays.divide(BigDecimal.valueOf(month.lengthOfMonth()), 4, RoundingMode.HALF_UP));
        }
        if (model.daysWithData(KOB).contains(month.atEndOfMonth())) {
            assertThat(invoiced.getOrDefault(new ContractLine(13, 600), BigDecimal.ZERO)).as("Cobalt's invoice quantity for " + month)
                    .isEqualByComparingTo(psa.unitsOn(13, 600, month.plusMonths(1).atDay(1)));
        }
    }

    private static BillingApp restart(BillingFixture fixture) {
        try {
            return fixture.restart();
        } catch (Exception e) {
            throw new IllegalStateException("restart failed", e);
        }
    }

    /** A file of the organization's module with the machine's row (none: the header only, the day complete). */
    private static void drop(BillingFixture fixture, String org, String name, Model.Machine m) {
        boolean kob = !org.equals(WORKPLACE);
        String header = kob ? "siteId,siteName,machine,usedGb,date\n" : "recordId,orgId,orgName,billingType,quantity,assetId,usageDate\n";
        String row = m == null ? "" : kob ? m.org() + ",Org,m-" + m.id() + "," + m.gb() + "," + m.day() + "\n"
                : "m-" + m.id() + "," + m.org() + ",Org,storage," + m.gb() + ",m-" + m.id() + "," + m.day() + "\n";
        try {
            Path folder = Files.createDirectories(fixture.dropDir.resolve(kob ? KOB : DWP));
            Files.writeString(folder.resolve(name + ".part"), header + row);
            Files.move(folder.resolve(name + ".part"), folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The PSA simulator a history runs against, set up on the fixture before it starts: contracts 11
     * (Acme, company 101) and 13 (Cobalt, 103), service 600 at 10 units, and 11's service 601 at 10. Autotask's is the fixture's own;
     * the others are started here and closed after the history.
     */
    private record PsaUnderTest(Function<BillingFixture, SimulatedPsa> setUp, Runnable closeOwn) implements AutoCloseable {

        static final LocalDate SINCE = LocalDate.of(2026, 9, 1);

        static PsaUnderTest start(String psa) {
            return switch (psa) {
                case "autotask" -> new PsaUnderTest(fixture -> seeded(fixture.psa), () -> { });
                case "connectwise" -> {
                    ConnectWiseSimulator cw = OtherPsas.connectWise();
                    yield new PsaUnderTest(fixture -> {
                        OtherPsas.pointAt(fixture, cw);
                        return seeded(cw);
                    }, cw::close);
                }
                case "bms" -> {
                    BmsSimulator bms = OtherPsas.bms();
                    yield new PsaUnderTest(fixture -> {
                        OtherPsas.pointAt(fixture, bms);
                        return seeded(bms);
                    }, bms::close);
                }
                case "halopsa" -> {
                    HaloSimulator halo = OtherPsas.halo();
                    yield new PsaUnderTest(fixture -> {
                        OtherPsas.pointAt(fixture, halo);
                        return seeded(halo);
                    }, halo::close);
                }
                default -> throw new IllegalArgumentException(psa);
            };
        }

        /** Acme (contract 11) and Cobalt (13), each with line 600 at 10 units from SINCE, Acme's 601 too, in whichever PSA. */
        private static SimulatedPsa seeded(SimulatedPsa psa) {
            psa.addCompany(101, "Acme Dental");
            psa.addCompany(103, "Cobalt Legal");
            psa.addContract(11, 101, "Backup");
            psa.addContract(13, 103, "Backup");
            psa.addLine(11, 600, BigDecimal.TEN, SINCE);
            psa.addLine(13, 600, BigDecimal.TEN, SINCE);
            psa.addLine(11, 601, BigDecimal.TEN, SINCE);
            return psa;
        }

        @Override
        public void close() {
            closeOwn.run();
        }
    }

    /** What the usage says: GB per organization and day, and the days the module has sent data for. */
    private static final class Model {
        /** One machine the module reported: its organization, day and size, the latest sent. */
        record Machine(int id, String org, LocalDate day, int gb) {}

        private final List<Machine> machines = new ArrayList<>();
        /** The days each module has sent data for. */
        private final Map<String, TreeSet<LocalDate>> withData = new HashMap<>();
        private int found;
        private boolean duneMapped;

        void mapDune() {
            duneMapped = true;
        }

        /** Acme's units: its own, and Dune's once mapped (on every day: a mapping bills the days before it too). */
        BigDecimal acme(LocalDate day) {
            return duneMapped ? units(ACME, day).add(units(DUNE, day)) : units(ACME, day);
        }

        int found(Found f) {
            machines.add(new Machine(++found, f.org(), f.day(), f.gb()));
            withData.computeIfAbsent(f.org().equals(WORKPLACE) ? DWP : KOB, m -> new TreeSet<>()).add(f.day());
            return found;
        }

        /** The machine corrected (none before any was found), with its new size. */
        Optional<Machine> correct(Correct k) {
            if (machines.isEmpty()) {
                return Optional.empty();
            }
            int at = k.nth() % machines.size();
            Machine m = machines.get(at);
            machines.set(at, new Machine(m.id(), m.org(), m.day(), k.gb()));
            found++;
            return Optional.of(machines.get(at));
        }

        void complete(String module, LocalDate day) {
            withData.computeIfAbsent(module, m -> new TreeSet<>()).add(day);
            found++;
        }

        /** The days any module has sent data for. */
        List<LocalDate> daysWithData() {
            TreeSet<LocalDate> any = new TreeSet<>();
            withData.values().forEach(any::addAll);
            return List.copyOf(any);
        }

        List<LocalDate> daysWithData(String module) {
            return List.copyOf(withData.getOrDefault(module, new TreeSet<>()));
        }

        BigDecimal units(String org, LocalDate day) {
            return BigDecimal.valueOf(machines.stream().filter(m -> m.org().equals(org) && m.day().equals(day))
                    .mapToInt(Machine::gb).sum()).setScale(0, RoundingMode.CEILING);
        }
    }
}

package io.usagebilling.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.delivery.PlanLine;
import io.usagebilling.domain.ContractLine;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.support.BillingFixture;
import io.usagebilling.sync.SyncSummary;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Approve-before-push through the real routes and the Autotask simulator: a plan sends nothing, an
 * approval sends exactly the plan, and the review rules hold large decreases until a person approves.
 */
class PlanApproveTest {

    private static final LocalDate SEP_28 = LocalDate.of(2026, 9, 28);
    private static final LocalDate SEP_29 = LocalDate.of(2026, 9, 29);
    private static final ContractLine ACME = new ContractLine(11, 500);
    private static final ContractLine BIRCH = new ContractLine(12, 500);

    private final BillingFixture fixture = new BillingFixture().withThreeContracts();

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aPlanSendsNothingAndItsApprovalSendsExactlyThePlan() throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);

        Plan plan = app.plan(SEP_28);

        assertThat(plan.lines()).containsExactly(line(ACME, SEP_28, 10, 8, -2, "held"));
        assertThat(plan.text()).contains("plan " + plan.id() + ": 1 change(s), 1 waiting for approval",
                "contract 11 service 500 effective 2026-09-28: 10 -> 8 (-2) held");
        assertThat(fixture.psa.writeCount()).isZero();
        assertThat(fixture.psa.requestCount()).isEqualTo(3); // zone, the tenant's threshold, one read of both lines

        // the usage moves on before anyone approves: the approval still sends the plan, not the news
        fixture.showSites(1, 1, 4, 7);
        Plan approved = app.approve(plan.id());

        assertThat(approved.lines()).containsExactly(line(ACME, SEP_28, 10, 8, -2, "confirmed"));
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_28)).isEqualByComparingTo("8");

        long requests = fixture.psa.requestCount();
        assertThat(app.approve(plan.id()).lines()).containsExactly(line(ACME, SEP_28, 10, 8, -2, "confirmed"));
        assertThat(fixture.psa.requestCount()).isEqualTo(requests); // nothing held any more: nothing sent
    }

    @Test
    void anApprovalThatCouldNotBeSentIsSentLaterAsApprovedNotAsTheNewUsage() throws Exception {
        BillingApp app = fixture.start();
        fixture.showSites(5, 3, 4, 7);
        Plan plan = app.plan(SEP_28);
        fixture.psa.failNextQueries(8, 503); // the approval's bulk read and its line's own read fail through their retries

        assertThat(app.approve(plan.id()).lines()).extracting(PlanLine::status).containsExactly("planned");
        assertThat(fixture.psa.writeCount()).isZero();

        // a record for 28 Sep arrives late (Acme now 13): the approved 8 is what is sent, not 13
        fixture.execute("INSERT INTO usage_record (module_id, org_id, org_name, billing_type, quantity, usage_date,"
                + " source_record_id) VALUES ('datto-rmm', 'site-a1', 'Acme', 'devices', 5, '2026-09-28', 'late-1')");
        SyncSummary resumed = sync(app, SEP_28, 5, 3, 4, 7);
        assertThat(resumed.adjustments()).isEqualTo(1);
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));
    }

    @Test
    void aHeldDecreaseIsNotSentUntilApprovedWhileSmallChangesGoThrough() throws Exception {
        BillingApp app = fixture.with("delivery.review", "true").with("delivery.auto-approve.max-units", "1")
                .with("delivery.auto-approve.max-percent", "0").with("delivery.hold-decreases-above", "1").start();

        SyncSummary day1 = sync(app, SEP_28, 5, 3, 4, 7); // Acme 10 -> 8: a decrease of 2, held
        assertThat(day1.adjustments()).isZero();
        SyncSummary day2 = sync(app, SEP_29, 6, 3, 0, 8); // Acme's 9 waits for 28 Sep; Birch 4 -> 0 held
        assertThat(day2.adjustments()).isZero();
        assertThat(fixture.psa.writeCount()).isZero();
        assertThat(fixture.text("SELECT string_agg(status, ',' ORDER BY effective_date, contract_id) FROM delivery_ledger"))
                .isEqualTo("held,confirmed,planned,held"); // Birch on 28 Sep: 4 already, confirmed

        Plan first = app.approve(day1.syncRunId());
        assertThat(first.lines()).containsExactly(line(ACME, SEP_28, 10, 8, -2, "confirmed"));
        assertThat(fixture.psa.adjustments()).containsExactly(new Adjustment(11, 500, SEP_28, new BigDecimal("-2")));

        SyncSummary again = sync(app, SEP_29, 6, 3, 0, 8); // Acme 8 -> 9: +1, within the rule, sent
        assertThat(again.adjustments()).isEqualTo(1);
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("4"); // Birch still waits

        app.approve(day2.syncRunId());
        assertThat(fixture.psa.adjustments()).containsExactly(
                new Adjustment(11, 500, SEP_28, new BigDecimal("-2")),
                new Adjustment(11, 500, SEP_29, BigDecimal.ONE),
                new Adjustment(12, 500, SEP_29, new BigDecimal("-4")));
        assertThat(fixture.psa.unitsOn(11, 500, SEP_29)).isEqualByComparingTo("9");
        assertThat(fixture.psa.unitsOn(12, 500, SEP_29)).isEqualByComparingTo("0");
    }

    private SyncSummary sync(BillingApp app, LocalDate day, Integer a1, int a2, int b, int c) {
        fixture.showSites(a1, a2, b, c);
        return app.syncDay(day);
    }

    private static PlanLine line(ContractLine line, LocalDate date, int now, int target, int change, String status) {
        return new PlanLine(line, date, new BigDecimal(now + ".0000"), new BigDecimal(target + ".0000"),
                new BigDecimal(change + ".0000"), status);
    }
}

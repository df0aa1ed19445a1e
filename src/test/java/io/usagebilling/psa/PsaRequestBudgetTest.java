package io.usagebilling.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.store.Jdbc;
import io.usagebilling.support.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly budget in PostgreSQL: two instances (two pools) spend from one allowance, never beyond it,
 * and what the PSA says the tenant has left lowers it for the rest of the hour.
 */
class PsaRequestBudgetTest {

    private Database first;
    private Database second;

    @BeforeEach
    void open() {
        String url = TestPostgres.newSchemaUrl();
        first = Database.open(new DatabaseSettings(url, TestPostgres.user(), TestPostgres.password(), Path.of("unused")));
        second = Database.open(new DatabaseSettings(url, TestPostgres.user(), TestPostgres.password(), Path.of("unused")));
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void twoInstancesRacingForTheBudgetGetExactlyTheAllowanceBetweenThem() throws Exception {
        PsaRequestBudget a = new PsaRequestBudget(first.dataSource(), "autotask", 30);
        PsaRequestBudget b = new PsaRequestBudget(second.dataSource(), "autotask", 30);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> takes = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                PsaRequestBudget instance = i % 2 == 0 ? a : b;
                takes.add(pool.submit((Callable<Boolean>) instance::tryTake));
            }
            int granted = 0;
            for (Future<Boolean> take : takes) {
                granted += take.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.remaining()).isZero();
        assertThat(b.remaining()).isZero();
        assertThat(a.tryTake()).isFalse();
    }

    @Test
    void eachPsaHasItsOwnBudgetAndAnHourLaterItIsBack() throws Exception {
        PsaRequestBudget autotask = new PsaRequestBudget(first.dataSource(), "autotask", 2);
        PsaRequestBudget connectwise = new PsaRequestBudget(first.dataSource(), "connectwise", 2);
        assertThat(autotask.tryTake()).isTrue();
        assertThat(autotask.tryTake()).isTrue();
        assertThat(autotask.tryTake()).isFalse();
        assertThat(connectwise.remaining()).isEqualTo(2);

        new Jdbc(first.dataSource()).update("UPDATE psa_request_budget SET minute = minute - interval '61 minutes'");

        assertThat(autotask.remaining()).isEqualTo(2);
        assertThat(autotask.tryTake()).isTrue();
    }

    @Test
    void whatTheTenantHasLeftCapsOurShareUntilTheHourRollsOnAndNeverRaisesIt() throws Exception {
        PsaRequestBudget ours = new PsaRequestBudget(first.dataSource(), "autotask", 30);
        PsaRequestBudget otherInstance = new PsaRequestBudget(second.dataSource(), "autotask", 30);
        for (int i = 0; i < 5; i++) {
            assertThat(ours.tryTake()).isTrue();
        }

        assertThat(ours.noMoreThan(10)).as("booked").isEqualTo(15);
        assertThat(otherInstance.remaining()).isEqualTo(10);
        assertThat(otherInstance.noMoreThan(10)).as("repeated: nothing more").isZero();
        assertThat(ours.noMoreThan(40)).as("never raised").isZero();
        assertThat(ours.remaining()).isEqualTo(10);
        assertThat(ours.noMoreThan(-3)).as("a tenant over its threshold").isEqualTo(10);
        assertThat(ours.tryTake()).isFalse();

        new Jdbc(first.dataSource()).update("UPDATE psa_request_budget SET minute = minute - interval '61 minutes'");

        assertThat(ours.remaining()).isEqualTo(30);
    }

    @Test
    void aBudgetBelowOneIsAConfigurationError() {
        assertThatThrownBy(() -> new PsaRequestBudget(first.dataSource(), "autotask", 0))
                .hasMessageContaining("at least 1");
    }
}

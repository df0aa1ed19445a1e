package io.usagebilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The model-based helper over a toy system: an account whose ledger is meant to add up every transaction
 * but (the planted bug) keeps only the last two. Any list of fewer than three transactions passes; the
 * shortest failing list is three deposits whose first is 1 (a zero would not show) and the rest 0.
 */
class ActionsTest {

    sealed interface Action permits Deposit, Withdraw {
        long signed();
    }

    record Deposit(int amount) implements Action {
        public long signed() {
            return amount;
        }
    }

    record Withdraw(int amount) implements Action {
        public long signed() {
            return -amount;
        }
    }

    /** The system under test; with {@code forgetful} its ledger holds only the last two transactions. */
    static final class Account {
        private final boolean forgetful;
        private final Deque<Long> ledger = new ArrayDeque<>();

        Account(boolean forgetful) {
            this.forgetful = forgetful;
        }

        void apply(Action action) {
            ledger.addLast(action.signed());
            if (forgetful && ledger.size() > 2) {
                ledger.removeFirst();
            }
        }

        long balance() {
            return ledger.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Deposits shrink before withdrawals and amounts to 0; both kinds take the same draws. */
    private static final Gen<Action> ACTIONS = Generate.range(0, 1).zip(Generate.range(0, 100),
            (kind, amount) -> kind == 0 ? new Deposit(amount) : new Withdraw(amount));

    private static void runAgainstModel(List<Action> actions, boolean forgetful) {
        Account account = new Account(forgetful);
        long[] model = {0};
        Actions.forEachStep(actions, action -> {
            account.apply(action);
            model[0] += action.signed();
            assertThat(account.balance()).as("balance").isEqualTo(model[0]);
        });
    }

    @Test
    void aFailingListIsShrunkToItsShortestFormAndPrintedAsNumberedSteps() {
        assertThatThrownBy(() -> Actions.check(200, Actions.listsOf(ACTIONS, 30), actions -> runAgainstModel(actions, true)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(String.join(System.lineSeparator(),
                        "the shortest failing list found has 3 steps:",
                        "step 1: Deposit[amount=1]",
                        "step 2: Deposit[amount=0]",
                        "step 3: Deposit[amount=0]",
                        "Failure: java.lang.AssertionError: step 3 (Deposit[amount=0]) failed: "))
                .hasMessageNotContaining("step 4")
                .hasMessageContaining("Seed was ")
                .cause().hasMessageStartingWith("step 3 (Deposit[amount=0]) failed: ");
    }

    @Test
    void theSystemWithoutTheBugPassesEveryList() {
        Actions.check(200, Actions.listsOf(ACTIONS, 30), actions -> runAgainstModel(actions, false));
    }

    @Test
    void generatedListsStayWithinTheirSizeAndStepsCountFromOne() {
        Properties.qt(200).forAll(Actions.listsOf(ACTIONS, 30)).checkAssert(actions -> assertThat(actions).hasSizeLessThanOrEqualTo(30));
        assertThat(Actions.steps(List.of(new Deposit(5), new Withdraw(2))))
                .isEqualTo("step 1: Deposit[amount=5]" + System.lineSeparator() + "step 2: Withdraw[amount=2]");
        assertThat(Actions.steps(List.of())).isEqualTo("(no steps)");
    }
}

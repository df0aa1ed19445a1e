package io.usagebilling.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.quicktheories.QuickTheory;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;
import org.quicktheories.impl.Constraint;

/**
 * Model-based tests: lists of generated actions run against the real system (and a model of it), and a
 * failing list shrunk and printed as numbered steps.
 *
 * <pre>{@code
 * Actions.check(200, Actions.listsOf(action, 30), actions -> {
 *     RealThing real = new RealThing();            // a fresh system for every list
 *     Model model = new Model();
 *     Actions.forEachStep(actions, a -> assertThat(a.runOn(real)).isEqualTo(a.runOn(model)));
 * });
 * }</pre>
 * On a failure the AssertionError reads "step 1: ...", "step 2: ..." with each action's {@code toString},
 * for the shortest list that still fails, and has the failure of that list as its cause.
 */
public final class Actions {

    /** A slot of a generated list is dropped when its draw is 0 (one in this many); shrinking drops slots. */
    static final int DROP_ONE_IN = 10;

    private Actions() {
    }

    /**
     * Lists of up to {@code maxSize} actions. Besides shortening the list from its end and simplifying
     * each action, shrinking drops actions anywhere in it: each place in the list has a draw of its own
     * that says whether the action there is kept (nine times in ten when generated), and that draw
     * shrinks to "dropped" while the actions after it keep their draws.
     */
    public static <A> Gen<List<A>> listsOf(Gen<A> action, int maxSize) {
        Gen<List<A>> gen = in -> {
            int places = (int) in.next(Constraint.between(0, maxSize));
            List<A> actions = new ArrayList<>();
            for (int i = 0; i < places; i++) {
                boolean kept = in.next(Constraint.between(0, DROP_ONE_IN - 1)) != 0;
                A a = action.generate(in);
                if (kept) {
                    actions.add(a);
                }
            }
            return actions;
        };
        return gen.describedAs(Actions::steps);
    }

    /** {@code run} for each list {@code actions} generates, {@code tries} of them (see {@link Properties#qt(int)}). */
    public static <A> void check(int tries, Gen<List<A>> actions, Consumer<List<A>> run) {
        check(Properties.qt(tries), actions, run);
    }

    /**
     * {@code run} for each list {@code actions} generates; when one fails, the AssertionError thrown lists the
     * shrunk list as numbered steps, with the seed to run it again ({@code -Dproperties.seed=S}).
     */
    public static <A> void check(QuickTheory qt, Gen<List<A>> actions, Consumer<List<A>> run) {
        qt.withReporter(new StepsReporter()).forAll(actions).checkAssert(run);
    }

    /**
     * Runs {@code step} on each action in turn; a step that fails is named ("step 3 (Remove[key=a]) failed")
     * in the AssertionError, with its failure as the cause.
     */
    public static <A> void forEachStep(List<A> actions, Consumer<A> step) {
        for (int i = 0; i < actions.size(); i++) {
            try {
                step.accept(actions.get(i));
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("step " + (i + 1) + " (" + actions.get(i) + ") failed: " + e.getMessage(), e);
            }
        }
    }

    /** The actions as "step 1: ..." lines. */
    public static String steps(List<?> actions) {
        if (actions.isEmpty()) {
            return "(no steps)";
        }
        return IntStream.range(0, actions.size())
                .mapToObj(i -> "step " + (i + 1) + ": " + actions.get(i))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** Reports a falsified list of actions as its numbered steps. */
    private static final class StepsReporter implements Reporter {

        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
                                   AsString<Object> toString) {
            throw new AssertionError(message(seed, count, smallest, cause), cause);
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples, AsString<Object> toString) {
            throw new AssertionError(message(seed, count, smallest, null));
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            throw new IllegalStateException("Gave up after finding only " + completedExamples
                    + " list(s) of actions matching the assumptions");
        }

        private static String message(long seed, int count, Object smallest, Throwable cause) {
            List<?> actions = (List<?>) smallest;
            String nl = System.lineSeparator();
            return "Falsified after " + count + " list(s) of actions; the shortest failing list found ("
                    + actions.size() + " step" + (actions.size() == 1 ? "" : "s") + "):" + nl
                    + steps(actions) + nl
                    + (cause == null ? "" : "Failure: " + cause + nl)
                    + "Seed was " + seed + " (-D" + Properties.SEED + "=" + seed + " runs it again)";
        }
    }
}

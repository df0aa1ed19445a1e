package io.usagebilling.support;

import java.util.List;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

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
 * for the shortest list found that still fails, and has the failure of that list as its cause.
 */
public final class Actions {

    /** A place in a generated list is left empty when its draw is 0 (one in this many); shrinking drops places. */
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
        return Gens.lists(action, 0, maxSize, DROP_ONE_IN).describedAs(Actions::steps);
    }

    /** {@code run} for each list {@code actions} generates, {@code tries} of them (see {@link Properties#qt(int)}). */
    public static <A> void check(int tries, Gen<List<A>> actions, Consumer<List<A>> run) {
        check(Properties.qt(tries), actions, run);
    }

    /**
     * {@code run} for each list {@code actions} generates; when one fails, it is shrunk (QuickTheories' shrinking,
     * then taking out runs of actions while it still fails) and the AssertionError thrown lists what is left as
     * numbered steps, with the seed to run it again ({@code -Dproperties.seed=S}).
     */
    public static <A> void check(QuickTheory qt, Gen<List<A>> actions, Consumer<List<A>> run) {
        ListCheck.check(qt, actions, "step", run);
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
        return ListCheck.lines("step", actions);
    }
}

package io.usagebilling.support;

import java.util.List;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Configuration;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Strategy;

/**
 * How this project's properties run on QuickTheories: {@code Properties.qt(tries).forAll(...).checkAssert(...)}
 * inside a plain JUnit {@code @Test}.
 *
 * <p>Every property runs with a fixed seed of its own, so a run on CI tries the same values as the last one
 * and a failure found once is found again. QuickTheories' own system properties still count where they mean
 * something here ({@code QT_SHRINKS}, {@code QT_ATTEMPTS}, {@code QT_TESTING_TIME}, and {@code QT_SEED}
 * when {@code properties.seed} is not given); on top of them:
 * <ul>
 *   <li>{@code -Dproperties.seed=S} runs every property with seed S instead of its own;
 *       {@code -Dproperties.seed=random} with a new seed each run. A failure names its seed
 *       ("Seed was S"), so {@code -Dproperties.seed=S} runs it again.</li>
 *   <li>{@code -Dproperties.tries=10x} runs every property ten times as many tries as it asks for;
 *       {@code -Dproperties.tries=5000} runs every property 5000 tries.</li>
 * </ul>
 * For example {@code mvn -B test -Dtest=ProrationTest -Dproperties.tries=20x -Dproperties.seed=random}.
 *
 * <p>A property stops at the first value that falsifies it and is then shrunk (QuickTheories' default),
 * for {@code 100} shrink cycles per try unless {@code QT_SHRINKS} says otherwise; a property whose
 * tries are slow may give fewer with {@link QuickTheory#withShrinkCycles(int)}.
 */
public final class Properties {

    /** What each property's fixed seed is made from, unless {@code properties.seed} (or {@code QT_SEED}) gives one. */
    public static final long DEFAULT_SEED = 20_260_228L;
    /** The tries of a property that gives no number of its own. */
    public static final int DEFAULT_TRIES = 1000;
    public static final String SEED = "properties.seed";
    public static final String TRIES = "properties.tries";
    private static final int SHRINK_CYCLES_PER_TRY = 100; // QuickTheories' own ratio (QT_EXAMPLES * 100)

    private Properties() {
    }

    /** A property of {@value #DEFAULT_TRIES} tries. */
    public static QuickTheory qt() {
        return qt(DEFAULT_TRIES);
    }

    /**
     * A property of {@code tries} tries (as {@code properties.tries} scales or sets them), on its fixed seed:
     * {@link #DEFAULT_SEED} mixed with the test method that calls this, so that two properties over the same
     * generators still try different values, and each the same values every run.
     */
    public static QuickTheory qt(int tries) {
        String caller = caller();
        return QuickTheory.qt(() -> strategy(tries, caller));
    }

    /**
     * A property over one generated list, run like {@code qt.forAll(lists).checkAssert(body)}; a failing list is
     * shrunk further by taking out runs of elements while it still fails, and printed one {@code label} a line
     * ("record 1: ...", "record 2: ...").
     */
    public static <T> void checkList(QuickTheory qt, Gen<List<T>> lists, String label, Consumer<List<T>> body) {
        ListCheck.check(qt, lists, label, body);
    }

    /** The test method calling in (the first frame outside this package's helpers). */
    private static String caller() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !HELPERS.contains(f.getClassName()))
                .findFirst()
                .map(f -> f.getClassName() + "#" + f.getMethodName())
                .orElse(""));
    }

    private static final List<String> HELPERS = List.of(
            Properties.class.getName(), Actions.class.getName(), ListCheck.class.getName());

    static Strategy strategy(int tries, String caller) {
        int examples = tries(tries);
        Strategy strategy = Configuration.systemStrategy().withFixedSeed(seed(caller)).withExamples(examples);
        return System.getProperty(Configuration.SHRINKS) == null
                ? strategy.withShrinkCycles(Math.multiplyExact(examples, SHRINK_CYCLES_PER_TRY))
                : strategy;
    }

    /** The tries a property of {@code asked} tries runs: as asked, {@code Nx} as many, or {@code N}. */
    static int tries(int asked) {
        String value = System.getProperty(TRIES, "").strip();
        if (value.isEmpty()) {
            return asked;
        }
        try {
            int n = Integer.parseInt(value.endsWith("x") ? value.substring(0, value.length() - 1) : value);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return value.endsWith("x") ? Math.multiplyExact(asked, n) : n;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(TRIES + " must be N (tries) or Nx (times each property's tries), not '"
                    + value + "'", e);
        }
    }

    /** The seed given ({@code properties.seed}, else {@code QT_SEED}) as it is, else the caller's fixed seed. */
    static long seed(String caller) {
        String value = System.getProperty(SEED, System.getProperty(Configuration.SEED, "")).strip();
        if (value.isEmpty()) {
            return DEFAULT_SEED * 31 + caller.hashCode();
        }
        if (value.equals("random")) {
            return System.nanoTime();
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED + " must be a number or 'random', not '" + value + "'", e);
        }
    }

    /** A property body that may throw checked exceptions (JDBC, HTTP, files). */
    @FunctionalInterface
    public interface Body<T> {
        void accept(T t) throws Exception;
    }

    /** {@code body} as the Consumer {@code checkAssert} takes; a checked exception is thrown on as it is. */
    public static <T> Consumer<T> unchecked(Body<T> body) {
        return t -> {
            try {
                body.accept(t);
            } catch (Exception e) {
                throw Properties.<RuntimeException>sneaky(e);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}

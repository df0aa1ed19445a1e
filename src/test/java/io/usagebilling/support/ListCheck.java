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

/**
 * A property over one generated list, shrunk in two passes: QuickTheories' own (which simplifies the
 * elements but, one random draw at a time, is slow to take elements out of a long list), then taking
 * out whole runs of elements (halves, quarters, ... single ones) for as long as the list still fails,
 * re-running the property on each shorter list, at most {@value #MAX_REMOVAL_RUNS} times. The failure
 * reports the list that is left as numbered lines ("step 1: ..."), with the failure of that list.
 */
final class ListCheck {

    static final int MAX_REMOVAL_RUNS = 200;

    private ListCheck() {
    }

    static <T> void check(QuickTheory qt, Gen<List<T>> lists, String label, Consumer<List<T>> body) {
        qt.withReporter(new ListReporter<>(label, body)).forAll(lists).checkAssert(body);
    }

    static String lines(String label, List<?> list) {
        if (list.isEmpty()) {
            return "(no " + label + "s)";
        }
        return IntStream.range(0, list.size())
                .mapToObj(i -> label + " " + (i + 1) + ": " + list.get(i))
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /** What is left of {@code failing} and its failure after taking out every run of elements it can. */
    record Shrunk<T>(List<T> list, Throwable failure, int runs) {}

    static <T> Shrunk<T> removeRuns(List<T> failing, Throwable failure, Consumer<List<T>> body) {
        List<T> current = new ArrayList<>(failing);
        Throwable currentFailure = failure;
        int runs = 0;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && runs < MAX_REMOVAL_RUNS; chunk /= 2) {
            boolean removedAny;
            do {
                removedAny = false;
                for (int start = 0; start < current.size() && runs < MAX_REMOVAL_RUNS; ) {
                    List<T> candidate = new ArrayList<>(current.subList(0, start));
                    candidate.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                    if (candidate.isEmpty()) {
                        start += chunk;
                        continue;
                    }
                    runs++;
                    Throwable candidateFailure = failureOf(candidate, body);
                    if (candidateFailure != null) {
                        current = candidate;
                        currentFailure = candidateFailure;
                        removedAny = true;
                    } else {
                        start += chunk;
                    }
                }
            } while (chunk == 1 && removedAny && runs < MAX_REMOVAL_RUNS);
        }
        return new Shrunk<>(current, currentFailure, runs);
    }

    private static <T> Throwable failureOf(List<T> list, Consumer<List<T>> body) {
        try {
            body.accept(list);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static final class ListReporter<T> implements Reporter {
        private final String label;
        private final Consumer<List<T>> body;

        ListReporter(String label, Consumer<List<T>> body) {
            this.label = label;
            this.body = body;
        }

        @Override
        public void falisification(long seed, int count, Object smallest, Throwable cause, List<Object> examples,
                                   AsString<Object> toString) {
            report(seed, count, smallest, cause);
        }

        @Override
        public void falisification(long seed, int count, Object smallest, List<Object> examples, AsString<Object> toString) {
            report(seed, count, smallest, null);
        }

        @Override
        public void valuesExhausted(int completedExamples) {
            throw new IllegalStateException("Gave up after finding only " + completedExamples
                    + " list(s) matching the assumptions");
        }

        private String count(int n) {
            return n + " " + label + (n == 1 ? "" : "s");
        }

        @SuppressWarnings("unchecked")
        private void report(long seed, int count, Object smallest, Throwable cause) {
            List<T> found = (List<T>) smallest;
            Shrunk<T> shrunk = removeRuns(found, cause, body);
            List<T> list = shrunk.list();
            String nl = System.lineSeparator();
            throw new AssertionError("Falsified after " + count + " list(s); the shortest failing list found has "
                    + count(list.size()) + ":" + nl
                    + lines(label, list) + nl
                    + (shrunk.failure() == null ? "" : "Failure: " + shrunk.failure() + nl)
                    + "(QuickTheories shrank it to " + count(found.size()) + ", taking " + label + "s out to "
                    + count(list.size()) + " in " + shrunk.runs() + " run(s))" + nl
                    + "Seed was " + seed + " (-D" + Properties.SEED + "=" + seed + " runs it again)",
                    shrunk.failure());
        }
    }
}

package io.usagebilling.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.quicktheories.impl.Constraint;

/**
 * QuickTheories generators with ranges, sizes and characters; shrinking towards simple values (0 or the bound
 * nearest it, the first of a choice, the shortest list, dropping elements anywhere in it); and edge cases mixed
 * in (one draw in {@value #EDGE_RATIO} is an edge case, as for a property of 1000 tries): for a whole-number or decimal
 * range -2, -1, 0, 1, 2 (decimals: -1, 0, 1 and one step either side of 0) and both bounds, where in the range;
 * for a choice its first and last value; for a date range both dates; for a character range both ends; for a
 * list or string its shortest length and one more (the empty list and string included).
 */
public final class Gens {

    static final int EDGE_RATIO = 20;

    private Gens() {
    }

    /**
     * {@code base} with one draw in {@value #EDGE_RATIO} one of {@code edgeCases} instead. Every draw takes
     * the same randomness either way (whether an edge, which edge, the base value), so that shrinking
     * one of them leaves the others where they were; shrinking goes from an edge case to the base value.
     */
    public static <T> Gen<T> withEdgeCases(Gen<T> base, List<T> edgeCases) {
        if (edgeCases.isEmpty()) {
            return base;
        }
        List<T> edges = new ArrayList<>(edgeCases);
        Gen<Integer> which = Generate.range(0, edges.size() - 1);
        Gen<T> gen = in -> {
            boolean edge = in.next(Constraint.between(0, EDGE_RATIO - 1).withShrinkPoint(EDGE_RATIO - 1)) == 0;
            T edgeCase = edges.get(which.generate(in));
            T value = base.generate(in);
            return edge ? edgeCase : value;
        };
        return gen.describedAs(base::asString);
    }

    /** Whole numbers from min to max. */
    public static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /** Whole numbers from min to max. */
    public static Gen<Long> longs(long min, long max) {
        long target = Math.max(min, Math.min(max, 0));
        List<Long> edges = Stream.of(target, -2L, -1L, 0L, 2L, 1L, min, max)
                .filter(n -> n >= min && n <= max).distinct().toList();
        return withEdgeCases(Generate.longRange(min, max, target), edges);
    }

    /** Every long. */
    public static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Decimals from min to max of the given scale. */
    public static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        long lo = min.setScale(scale).unscaledValue().longValueExact();
        long hi = max.setScale(scale).unscaledValue().longValueExact();
        long target = Math.max(lo, Math.min(hi, 0));
        List<BigDecimal> edges = Stream.of(target, -(long) Math.pow(10, scale), 0L, (long) Math.pow(10, scale), -1L, 1L, lo, hi)
                .filter(n -> n >= lo && n <= hi).distinct().map(n -> BigDecimal.valueOf(n, scale)).toList();
        return withEdgeCases(Generate.longRange(lo, hi, target).map(n -> BigDecimal.valueOf(n, scale)), edges);
    }

    /**
     * Whole numbers from min to max, however large: first a bit
     * length, then that many random bits, so that small and large numbers both come up; shrinks to min.
     */
    public static Gen<BigInteger> bigIntegers(BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min);
        int bits = span.bitLength();
        int words = (bits + 63) / 64;
        Gen<BigInteger> base = in -> {
            int length = (int) in.next(Constraint.between(0, bits));
            BigInteger value = BigInteger.ZERO;
            for (int i = 0; i < words; i++) {
                long word = in.next(Constraint.none());
                value = value.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(word)));
            }
            value = value.mod(BigInteger.ONE.shiftLeft(length));
            return min.add(value.compareTo(span) > 0 ? value.mod(span.add(BigInteger.ONE)) : value);
        };
        List<BigInteger> edges = Stream.of(-2, -1, 0, 2, 1).map(BigInteger::valueOf)
                .filter(n -> n.compareTo(min) >= 0 && n.compareTo(max) <= 0)
                .collect(Collectors.toCollection(ArrayList::new));
        edges.add(0, min);
        edges.add(max);
        return withEdgeCases(base, edges.stream().distinct().toList());
    }

    /** Doubles from min to max. */
    public static Gen<Double> doubles(double min, double max) {
        return withEdgeCases(SourceDSL.doubles().between(min, max), List.of(min, max));
    }

    /** Dates from min to max, both included; shrinks to min. */
    public static Gen<LocalDate> dates(LocalDate min, LocalDate max) {
        long days = ChronoUnit.DAYS.between(min, max);
        return withEdgeCases(Generate.longRange(0, days, 0).map(min::plusDays), List.of(min, max));
    }

    /** One of the values; shrinks to the first. */
    @SafeVarargs
    public static <T> Gen<T> of(T... values) {
        List<T> list = Arrays.asList(values);
        return withEdgeCases(Generate.pick(list), List.of(list.get(0), list.get(list.size() - 1)).stream().distinct().toList());
    }

    /** Each generator with its weight; shrinks to the first. */
    @SafeVarargs
    public static <T> Gen<T> frequency(Pair<Integer, Gen<T>> first, Pair<Integer, Gen<T>>... others) {
        return Generate.frequency(first, others);
    }

    /** Each generator equally often; shrinks to the first. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<T>... gens) {
        List<Pair<Integer, Gen<T>>> weighted = Arrays.stream(gens).map(g -> Pair.of(1, g)).toList();
        return Generate.frequency(weighted);
    }

    /** {@code gen}, or null {@code percent} times in 100; shrinks to null. */
    public static <T> Gen<T> injectNull(Gen<T> gen, int percent) {
        Gen<T> withNulls = in -> {
            boolean isNull = in.next(Constraint.between(0, 99)) < percent;
            T value = gen.generate(in);
            return isNull ? null : value;
        };
        return withNulls.describedAs(gen::asString);
    }

    /** Lists of {@code minSize} to {@code maxSize} elements. */
    public static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize) {
        return lists(element, minSize, maxSize, DROP_ONE_IN);
    }

    /** A place in a generated list is left empty when its draw is 0, one in this many. */
    static final int DROP_ONE_IN = 20;

    /**
     * Lists of {@code minSize} to {@code maxSize} elements that shrink by dropping elements anywhere,
     * not only from the end as QuickTheories' own lists do: the list has a number of places, and each
     * place a draw of its own that says whether its element is kept (all but one in {@code dropOneIn}
     * when generated, and never below {@code minSize}); that draw shrinks to "dropped" while the
     * elements after it keep their draws. A fixed size drops nothing.
     */
    static <T> Gen<List<T>> lists(Gen<T> element, int minSize, int maxSize, int dropOneIn) {
        Gen<Integer> places = sizes(minSize, maxSize);
        Gen<List<T>> gen = in -> {
            int n = places.generate(in);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean dropped = in.next(Constraint.between(0, dropOneIn - 1)) == 0;
                T value = element.generate(in);
                if (!dropped || list.size() + (n - i - 1) < minSize) {
                    list.add(value);
                }
            }
            return list;
        };
        return gen.describedAs(list -> list.stream().map(element::asString).collect(Collectors.joining(", ", "[", "]")));
    }

    /** Lists of exactly {@code size} elements. */
    public static <T> Gen<List<T>> lists(Gen<T> element, int size) {
        return lists(element, size, size);
    }

    private static Gen<Integer> sizes(int min, int max) {
        return withEdgeCases(Generate.range(min, max, min), Stream.of(min, min + 1).filter(n -> n <= max).toList());
    }

    /** Characters in any of the ranges ({@code from1, to1, from2, to2, ...}), each character equally likely. */
    public static final class Chars {
        private final char[] ranges;

        private Chars(char[] ranges) {
            if (ranges.length == 0 || ranges.length % 2 != 0) {
                throw new IllegalArgumentException("ranges come in pairs: from, to");
            }
            this.ranges = ranges.clone();
        }

        Gen<Character> gen() {
            int total = 0;
            for (int i = 0; i < ranges.length; i += 2) {
                total += ranges[i + 1] - ranges[i] + 1;
            }
            Gen<Character> any = Generate.range(0, total - 1).map(this::nth);
            return withEdgeCases(any, edges());
        }

        private char nth(int n) {
            for (int i = 0; i < ranges.length; i += 2) {
                int size = ranges[i + 1] - ranges[i] + 1;
                if (n < size) {
                    return (char) (ranges[i] + n);
                }
                n -= size;
            }
            throw new IllegalArgumentException(String.valueOf(n));
        }

        List<Character> edges() {
            LinkedHashSet<Character> edges = new LinkedHashSet<>();
            for (int i = 0; i < ranges.length; i += 2) {
                edges.add(ranges[i]);
                edges.add(ranges[i + 1]);
            }
            return List.copyOf(edges);
        }
    }

    /** Characters in the ranges {@code from1, to1, from2, to2, ...}. */
    public static Chars chars(char... ranges) {
        return new Chars(ranges);
    }

    /** All of U+0000 to U+FFFF but surrogates, noncharacters and private use ones. */
    public static final Chars ALL_CHARS = chars('\u0000', '\uD7FF', '\uF900', '\uFDCF', '\uFDF0', '\uFFFD');

    /** A-Z and a-z. */
    public static final Chars ALPHA = chars('A', 'Z', 'a', 'z');

    /**
     * Strings of {@code minLength} to {@code maxLength} of the characters; edge
     * cases the shortest string of the first edge character and, if one character may be, each edge
     * character alone; shrinks to the shortest string of the first characters.
     */
    public static Gen<String> strings(Chars chars, int minLength, int maxLength) {
        Gen<Character> one = chars.gen();
        Gen<String> base = lists(one, minLength, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
        List<String> edges = new ArrayList<>();
        List<Character> edgeChars = chars.edges();
        edges.add(String.valueOf(edgeChars.get(0)).repeat(minLength));
        if (minLength <= 1 && maxLength >= 1) {
            edgeChars.forEach(c -> edges.add(String.valueOf(c)));
        }
        return withEdgeCases(base, edges.stream().distinct().toList());
    }

    /** 0 to 255 of {@link #ALL_CHARS}. */
    public static Gen<String> strings() {
        return strings(ALL_CHARS, 0, 255);
    }
}

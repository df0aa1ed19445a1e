package io.usagebilling.chart;

import io.usagebilling.delivery.DailyUnits;
import io.usagebilling.delivery.DailyUnits.Day;
import io.usagebilling.delivery.DailyUnits.Line;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The usage chart as SVG: one small chart per contract line, the usage's daily units and the PSA's on
 * the same axes (a solid line with dots, a dashed one with squares: told apart without colour), a
 * legend, the unit on the vertical axis and dates on the horizontal one. Every text is escaped.
 */
public final class UnitsChart {

    private static final int WIDTH = 640;
    private static final int LEGEND = 56;
    private static final int HEIGHT = 230;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int BOTTOM = 50;
    private static final String USAGE = "#0b5cad";
    private static final String PSA = "#a34400";
    private static final String INK = "#1d1d1f";

    private UnitsChart() {}

    /** The chart of {@code report}'s lines, titled with what they are ({@code subject}: a company's name). */
    public static String svg(DailyUnits.Report report, String subject) {
        String range = report.from().equals(report.to()) ? "on " + report.from() : "from " + report.from() + " to " + report.to();
        int height = LEGEND + Math.max(1, report.lines().size()) * HEIGHT;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<title id=\"chart-title\">").append(escape("Units of " + subject + " " + range)).append("</title>\n")
                .append("<desc id=\"chart-desc\">").append(escape(report.lines().size() + " contract line(s), one chart each:"
                        + " the usage's units and the PSA's units per day, on the same axes.")).append("</desc>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n");
        legend(svg);
        if (report.lines().isEmpty()) {
            svg.append(text(LEFT, LEGEND + 40, "start", "", "No contract line has synced usage " + range + "."));
        }
        for (int i = 0; i < report.lines().size(); i++) {
            line(svg, report.lines().get(i), LEGEND + i * HEIGHT);
        }
        return svg.append("</svg>\n").toString();
    }

    private static void legend(StringBuilder svg) {
        svg.append("<g class=\"legend\">\n")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"20\" x2=\"").append(LEFT + 30).append("\" y2=\"20\" stroke=\"")
                .append(USAGE).append("\" stroke-width=\"2\"/>").append(dot(LEFT + 15, 20, "")).append('\n')
                .append(text(LEFT + 38, 24, "start", "", "usage (what the PSA should hold)"))
                .append("<line x1=\"").append(LEFT + 260).append("\" y1=\"20\" x2=\"").append(LEFT + 290)
                .append("\" y2=\"20\" stroke=\"").append(PSA).append("\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>")
                .append(square(LEFT + 275, 20, "")).append('\n')
                .append(text(LEFT + 298, 24, "start", "", "PSA's units"))
                .append("</g>\n");
    }

    private static void line(StringBuilder svg, Line line, int top) {
        String unit = line.billingTypes().stream().map(DailyUnits.BillingType::unit).distinct().collect(Collectors.joining("/"));
        String fedBy = line.billingTypes().stream().map(t -> t.module() + " " + t.billingType()).collect(Collectors.joining(", "));
        BigDecimal max = BigDecimal.ONE;
        for (Day d : line.days()) {
            max = max.max(d.usage() == null ? BigDecimal.ZERO : d.usage()).max(d.psa() == null ? BigDecimal.ZERO : d.psa());
        }
        BigDecimal scaleTop = roundTop(max);
        int plotTop = top + TOP;
        int plotBottom = top + HEIGHT - BOTTOM;
        int n = line.days().size();
        Function<Integer, Double> x = i -> n == 1 ? LEFT + (WIDTH - LEFT - RIGHT) / 2.0
                : LEFT + i * (double) (WIDTH - LEFT - RIGHT) / (n - 1);
        Function<BigDecimal, Double> y = v -> plotBottom - v.doubleValue() / scaleTop.doubleValue() * (plotBottom - plotTop);
        svg.append("<g class=\"contract-line\" data-contract=\"").append(line.contractId()).append("\" data-service=\"")
                .append(line.serviceId()).append("\">\n")
                .append(text(LEFT, top + 22, "start", " font-weight=\"bold\"", (line.companyName() == null ? "not mapped"
                        : line.companyName()) + ": contract " + line.contractId() + " service " + line.serviceId()
                        + (fedBy.isEmpty() ? "" : " (" + fedBy + ")")));
        axes(svg, line, unit, scaleTop, plotTop, plotBottom, x);
        series(svg, line.days(), Day::usage, "usage", unit, x, y);
        series(svg, line.days(), Day::psa, "psa", unit, x, y);
        svg.append("</g>\n");
    }

    /** The axis's top: 1, 2, 5 or 10 times a power of ten, at or above {@code max}, so its ticks read plainly. */
    static BigDecimal roundTop(BigDecimal max) {
        BigDecimal power = BigDecimal.ONE.movePointRight(max.precision() - max.scale() - 1);
        for (int m : new int[] {1, 2, 5, 10}) {
            BigDecimal top = power.multiply(BigDecimal.valueOf(m));
            if (top.compareTo(max) >= 0) {
                return top;
            }
        }
        throw new IllegalStateException("unreachable: 10 times the power of ten of " + max + " is above it");
    }

    private static void axes(StringBuilder svg, Line line, String unit, BigDecimal scaleTop, int plotTop, int plotBottom,
            Function<Integer, Double> x) {
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(plotTop).append("\" x2=\"").append(LEFT)
                .append("\" y2=\"").append(plotBottom).append("\" stroke=\"").append(INK).append("\"/>\n")
                .append("<line x1=\"").append(LEFT).append("\" y1=\"").append(plotBottom).append("\" x2=\"").append(WIDTH - RIGHT)
                .append("\" y2=\"").append(plotBottom).append("\" stroke=\"").append(INK).append("\"/>\n");
        for (BigDecimal tick : List.of(BigDecimal.ZERO, scaleTop.divide(BigDecimal.valueOf(2)), scaleTop)) {
            double ty = plotBottom - tick.doubleValue() / scaleTop.doubleValue() * (plotBottom - plotTop);
            svg.append(text(LEFT - 6, ty + 4, "end", "", tick.stripTrailingZeros().toPlainString()));
        }
        int middle = (plotTop + plotBottom) / 2;
        svg.append(text(16, middle, "middle", " transform=\"rotate(-90 16 " + middle + ")\"", unit.isEmpty() ? "units" : unit));
        List<Day> days = line.days();
        List<Integer> labelled = days.size() == 1 ? List.of(0) : List.of(0, (days.size() - 1) / 2, days.size() - 1);
        for (int i : labelled.stream().distinct().toList()) {
            String anchor = days.size() == 1 ? "middle" : i == 0 ? "start" : i == days.size() - 1 ? "end" : "middle";
            svg.append(text(x.apply(i), plotBottom + 16, anchor, "", days.get(i).date().toString()));
        }
        svg.append(text((LEFT + WIDTH - RIGHT) / 2.0, plotBottom + 36, "middle", "", "date"));
    }

    /** A series: its line (broken where a day has no figure) and a marker per day, each with its value as a tooltip. */
    private static void series(StringBuilder svg, List<Day> days, Function<Day, BigDecimal> value, String name, String unit,
            Function<Integer, Double> x, Function<BigDecimal, Double> y) {
        boolean usage = name.equals("usage");
        List<List<String>> runs = new ArrayList<>();
        List<String> markers = new ArrayList<>();
        List<String> run = null;
        for (int i = 0; i < days.size(); i++) {
            BigDecimal v = value.apply(days.get(i));
            if (v == null) {
                run = null;
                continue;
            }
            if (run == null) {
                run = new ArrayList<>();
                runs.add(run);
            }
            run.add(num(x.apply(i)) + "," + num(y.apply(v)));
            String tip = "<title>" + escape(days.get(i).date() + ": " + (usage ? "usage " : "PSA ")
                    + v.stripTrailingZeros().toPlainString() + (unit.isEmpty() ? "" : " " + unit)) + "</title>";
            markers.add(usage ? dot(x.apply(i), y.apply(v), tip) : square(x.apply(i), y.apply(v), tip));
        }
        for (List<String> points : runs) {
            svg.append("<polyline class=\"").append(name).append("\" fill=\"none\" stroke=\"").append(usage ? USAGE : PSA)
                    .append("\" stroke-width=\"2\"").append(usage ? "" : " stroke-dasharray=\"6 4\"").append(" points=\"")
                    .append(String.join(" ", points)).append("\"/>\n");
        }
        markers.forEach(m -> svg.append(m).append('\n'));
    }

    private static String dot(double cx, double cy, String tip) {
        return "<circle class=\"usage-point\" cx=\"" + num(cx) + "\" cy=\"" + num(cy) + "\" r=\"3.5\" fill=\"" + USAGE + "\">"
                + tip + "</circle>";
    }

    private static String square(double cx, double cy, String tip) {
        return "<rect class=\"psa-point\" x=\"" + num(cx - 3.5) + "\" y=\"" + num(cy - 3.5) + "\" width=\"7\" height=\"7\" fill=\"#fff\""
                + " stroke=\"" + PSA + "\" stroke-width=\"2\">" + tip + "</rect>";
    }

    private static String text(double tx, double ty, String anchor, String extra, String content) {
        return "<text x=\"" + num(tx) + "\" y=\"" + num(ty) + "\" text-anchor=\"" + anchor + "\" fill=\"" + INK + "\"" + extra + ">"
                + escape(content) + "</text>\n";
    }

    private static String num(double v) {
        return BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** Text as XML character data or an attribute value; characters XML 1.0 cannot hold become U+FFFD. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
                    out.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return out.toString();
    }
}

package io.usagebilling.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.delivery.DailyUnits;
import io.usagebilling.delivery.DailyUnits.BillingType;
import io.usagebilling.delivery.DailyUnits.Day;
import io.usagebilling.delivery.DailyUnits.Line;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The usage chart's SVG, parsed back as XML: a point per day of each series, axes labelled, every text escaped. */
class UnitsChartTest {

    private static final LocalDate SEP_1 = LocalDate.of(2026, 9, 1);

    @Test
    void eachLineHasAPointPerDayOfEachSeriesAndLabelledAxes() throws Exception {
        DailyUnits.Report report = new DailyUnits.Report(SEP_1, SEP_1.plusDays(2), List.of(
                line(11, "Acme Dental", new int[] {5, 6, 8}, new int[] {5, 5, 8}),
                line(12, "Birch", new int[] {4, 4, 4}, new int[] {4, 4, 4})), List.of());

        Document svg = parse(UnitsChart.svg(report, "Acme Dental"));

        assertThat(count(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='circle']")).isEqualTo(3);
        assertThat(count(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='rect'][@class='psa-point']")).isEqualTo(3);
        assertThat(count(svg, "//*[local-name()='g'][@data-contract='12']/*[local-name()='circle']")).isEqualTo(3);
        assertThat(texts(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='circle']/*[local-name()='title']"))
                .containsExactly("2026-09-01: usage 5 devices", "2026-09-02: usage 6 devices", "2026-09-03: usage 8 devices");
        assertThat(texts(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='text']"))
                .contains("devices", "date", "2026-09-01", "2026-09-02", "2026-09-03", "0", "5", "10",
                        "Acme Dental: contract 11 service 500 (datto-rmm devices)");
        assertThat(texts(svg, "/*/*[local-name()='title']")).containsExactly("Units of Acme Dental from 2026-09-01 to 2026-09-03");
        assertThat(texts(svg, "/*/*[local-name()='desc']").get(0)).startsWith("2 contract line(s)");
        assertThat(texts(svg, "//*[local-name()='g'][@class='legend']/*[local-name()='text']"))
                .containsExactly("usage (what the PSA should hold)", "PSA's units");
        // the higher the figure, the higher its point
        assertThat(attribute(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='circle'][3]", "cy"))
                .isLessThan(attribute(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='circle'][1]", "cy"));
    }

    @Test
    void aDayWithoutAFigureBreaksTheLineAndHasNoPoint() throws Exception {
        Line gap = new Line(101L, "Acme", 11, 500, List.of(), List.of(new Day(SEP_1, null, BigDecimal.TEN, null),
                new Day(SEP_1.plusDays(1), BigDecimal.ONE, BigDecimal.TEN, new BigDecimal("9")),
                new Day(SEP_1.plusDays(2), null, null, null), new Day(SEP_1.plusDays(3), BigDecimal.ONE, null, null)));

        Document svg = parse(UnitsChart.svg(new DailyUnits.Report(SEP_1, SEP_1.plusDays(3), List.of(gap), List.of()), "Acme"));

        assertThat(count(svg, "//*[@class='contract-line']/*[local-name()='circle']")).isEqualTo(2);
        assertThat(count(svg, "//*[local-name()='polyline'][@class='usage']")).isEqualTo(2);
        assertThat(count(svg, "//*[@class='contract-line']/*[local-name()='rect']")).isEqualTo(2);
        assertThat(count(svg, "//*[local-name()='polyline'][@class='psa']")).isEqualTo(1);
        assertThat(texts(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='text']")).contains("units");
    }

    @Test
    void everyTextIsEscaped() throws Exception {
        String name = "A&B <script>alert(1)</script> \"Dental\" 'x' \u0000\uD800";
        Line line = new Line(101L, name, 11, 500, List.of(new BillingType("m<1>", "t&t", "<u>")),
                List.of(new Day(SEP_1, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO)));

        String text = UnitsChart.svg(new DailyUnits.Report(SEP_1, SEP_1, List.of(line), List.of()), name);
        Document svg = parse(text);

        assertThat(text).doesNotContain("<script>", "<u>", "\u0000");
        assertThat(count(svg, "//*[local-name()='script']")).isZero();
        assertThat(texts(svg, "/*/*[local-name()='title']").get(0)).isEqualTo(
                "Units of A&B <script>alert(1)</script> \"Dental\" 'x' \uFFFD\uFFFD on 2026-09-01");
        assertThat(texts(svg, "//*[local-name()='g'][@data-contract='11']/*[local-name()='text']")).contains("<u>");
    }

    @Test
    void anEmptyRangeSaysSo() throws Exception {
        Document svg = parse(UnitsChart.svg(new DailyUnits.Report(SEP_1, SEP_1.plusDays(29), List.of(), List.of()), "Cobalt"));

        assertThat(count(svg, "//*[@class='contract-line']/*[local-name()='circle']")).isZero();
        assertThat(texts(svg, "/*/*[local-name()='text']"))
                .containsExactly("No contract line has synced usage from 2026-09-01 to 2026-09-30.");
        assertThat(texts(svg, "/*/*[local-name()='title']")).containsExactly("Units of Cobalt from 2026-09-01 to 2026-09-30");
    }

    @Test
    void theAxisTopIsAPlainFigureAtOrAboveTheLargest() {
        assertThat(UnitsChart.roundTop(new BigDecimal("1"))).isEqualByComparingTo("1");
        assertThat(UnitsChart.roundTop(new BigDecimal("8"))).isEqualByComparingTo("10");
        assertThat(UnitsChart.roundTop(new BigDecimal("11"))).isEqualByComparingTo("20");
        assertThat(UnitsChart.roundTop(new BigDecimal("71"))).isEqualByComparingTo("100");
        assertThat(UnitsChart.roundTop(new BigDecimal("200"))).isEqualByComparingTo("200");
        assertThat(UnitsChart.roundTop(new BigDecimal("904.0000"))).isEqualByComparingTo("1000");
        assertThat(UnitsChart.roundTop(new BigDecimal("0.3"))).isEqualByComparingTo("0.5");
    }

    private static Line line(long contract, String company, int[] usage, int[] psa) {
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < usage.length; i++) {
            days.add(new Day(SEP_1.plusDays(i), BigDecimal.valueOf(usage[i]), BigDecimal.valueOf(psa[i]),
                    BigDecimal.valueOf(psa[i] - usage[i])));
        }
        return new Line(101L, company, contract, 500, List.of(new BillingType("datto-rmm", "devices", "devices")), days);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return document;
    }

    private static int count(Document svg, String xpath) throws Exception {
        return ((NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, svg, XPathConstants.NODESET)).getLength();
    }

    private static List<String> texts(Document svg, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, svg, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static double attribute(Document svg, String xpath, String name) throws Exception {
        return Double.parseDouble(XPathFactory.newInstance().newXPath().evaluate(xpath + "/@" + name, svg));
    }
}

package io.usagebilling.intake.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The paging fields are kept while a page streams by, wherever they sit: beside the records or beneath their parent. */
class JsonPagePagingTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 10);
    private static final String ITEMS = "[{\"org\":\"o1\",\"n\":2},{\"org\":\"o2\",\"n\":3}]";

    @Test
    void aNextLinkBesideTheRecordsUnderTheSameParent() {
        SourcePage page = normalize(shape("data.next", null),
                "{\"data\":{\"next\":\"http://127.0.0.1:1/p2\",\"items\":" + ITEMS + ",\"extra\":{\"x\":1}}}");
        assertThat(page.records()).hasSize(2);
        assertThat(page.nextPageUrl()).isEqualTo("http://127.0.0.1:1/p2");
    }

    @Test
    void aCursorDeeperInTheRecordsParentAndAfterThem() {
        SourcePage page = normalize(shape(null, "data.paging.cursor"),
                "{\"data\":{\"items\":" + ITEMS + ",\"paging\":{\"cursor\":\"c-2\"}},\"meta\":{}}");
        assertThat(page.records()).hasSize(2);
        assertThat(page.cursor()).isEqualTo("c-2");
    }

    @Test
    void aNextLinkInABranchOfItsOwnAndTheLastPage() {
        assertThat(normalize(shape("links.next", null), "{\"links\":{\"next\":\"http://127.0.0.1:1/p2\"},\"data\":{\"items\":"
                + ITEMS + "}}").nextPageUrl()).isEqualTo("http://127.0.0.1:1/p2");
        assertThat(normalize(shape("links.next", null), "{\"data\":{\"items\":" + ITEMS + "},\"links\":{\"next\":null}}")
                .nextPageUrl()).isNull();
        assertThat(normalize(shape("links.next", null), "{\"data\":{\"items\":" + ITEMS + "}}").nextPageUrl()).isNull();
    }

    @Test
    void aPagingFieldUnderSomethingThatIsNotAnObjectFailsThePage() {
        assertThatThrownBy(() -> normalize(shape(null, "data.paging.cursor"),
                "{\"data\":{\"items\":" + ITEMS + ",\"paging\":[1]}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"data.paging.cursor\": cursor's parent is not an object but ARRAY");
    }

    private static JsonShape shape(String nextLinkField, String cursorField) {
        return new JsonShape("m", "data.items", "org", null, null, null, "devices", "n", true, new BigDecimal("1000"), null,
                null, null, nextLinkField, cursorField, null);
    }

    private static SourcePage normalize(JsonShape shape, String json) {
        return new JsonPageNormalizer(shape).normalize(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), DAY);
    }
}

package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.intake.normalize.PageUrls;
import io.usagebilling.intake.normalize.SourcePage;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

    private static final String BASE = "https://api.example.com";
    private static final RejectedRecord ONE = new RejectedRecord("m", null, "bad", "{}");

    @Test
    void cursorGoesBackOnTheFirstPagesUrlEncodedAndEndsWithoutOne() {
        Paging paging = new Paging(Paging.Kind.CURSOR, BASE, "/v1/usage?limit=2&cursor=stale", "cursor");
        String next = paging.next(paging.firstPageUrl(), page(1, null, "a+b/c=="), 1);
        assertThat(next).isEqualTo(BASE + "/v1/usage?limit=2&cursor=a%2Bb%2Fc%3D%3D");
        assertThat(PageUrls.queryParam(next, "cursor")).isEqualTo("a+b/c==");
        assertThat(paging.next(next, page(1, null, null), 2)).isNull();
    }

    @Test
    void pageNumberCountsUpUntilAnEmptyPageEvenAfterAShortOne() {
        Paging paging = new Paging(Paging.Kind.PAGE_NUMBER, BASE + "/", "/v1/usage?page=1&size=100", "page");
        assertThat(paging.firstPageUrl()).isEqualTo(BASE + "/v1/usage?page=1&size=100");
        String second = paging.next(paging.firstPageUrl(), page(3, null, null), 1);
        assertThat(second).isEqualTo(BASE + "/v1/usage?size=100&page=2");
        assertThat(paging.next(second, page(0, null, null), 2)).isNull();
        assertThatThrownBy(() -> new Paging(Paging.Kind.PAGE_NUMBER, BASE, "/v1/usage", "page"))
                .hasMessageContaining("query parameter 'page'");
    }

    @Test
    void aNextLinkMustStayOnOurOriginAndMoveOn() {
        Paging paging = new Paging(Paging.Kind.NEXT_LINK, BASE, "/v1/usage", null);
        assertThat(paging.next(paging.firstPageUrl(), page(1, BASE + "/v1/usage?offset=1", null), 1))
                .isEqualTo(BASE + "/v1/usage?offset=1");
        assertThatThrownBy(() -> paging.next(paging.firstPageUrl(), page(1, "https://evil.example/v1/usage", null), 1))
                .hasMessageContaining("refusing to send credentials there");
        assertThatThrownBy(() -> paging.next(BASE + "/v1/usage?offset=1", page(1, BASE + "/v1/usage?offset=1", null), 2))
                .hasMessageContaining("paging does not advance");
        assertThatThrownBy(() -> paging.next(paging.firstPageUrl(), page(1, BASE + "/x", null), Paging.MAX_PAGES))
                .hasMessageContaining("more than " + Paging.MAX_PAGES + " pages");
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> Paging.kind("offset")).hasMessage(
                "paging must be next-link, cursor or page-number, not 'offset'");
        assertThatThrownBy(() -> new Paging(Paging.Kind.CURSOR, BASE, "/v1/usage", null))
                .hasMessage("cursor paging needs the query parameter's name");
        assertThatThrownBy(() -> new Paging(Paging.Kind.NEXT_LINK, BASE, "v1/usage", null))
                .hasMessageContaining("must be a path starting with '/'");
        assertThatThrownBy(() -> new Paging(Paging.Kind.NEXT_LINK, null, "/v1/usage", null))
                .hasMessage("baseUrl is not set");
    }

    /** A page of {@code size} records (their content does not matter to paging). */
    private static SourcePage page(int size, String nextLink, String cursor) {
        return new SourcePage(List.of(), Collections.nCopies(size, ONE), nextLink, cursor);
    }
}

package io.usagebilling.intake.poll;

import io.usagebilling.intake.normalize.PageUrls;
import io.usagebilling.intake.normalize.SourcePage;
import java.util.Locale;

/**
 * How a module's usage API pages, and so which URL comes after a page:
 * <ul>
 *   <li>{@code next-link}: the page names the next page's absolute URL; it must stay on our origin,
 *       because our credentials follow it;
 *   <li>{@code cursor}: the page gives a cursor, sent back as query parameter {@code cursorParam} of
 *       the first page's URL;
 *   <li>{@code page-number}: query parameter {@code pageParam} of the page's URL counts up until a
 *       page comes back empty (a short page is not taken as the last: servers cap page sizes).
 * </ul>
 */
public final class Paging {

    /** No module has a billion records a day; more pages than this is a server that never stops. */
    static final int MAX_PAGES = 100_000;

    public enum Kind { NEXT_LINK, CURSOR, PAGE_NUMBER }

    private final Kind kind;
    private final String baseUrl;
    private final String firstPageUrl;
    private final String param;

    /**
     * @param firstPage the first page's path and query, appended to {@code baseUrl}
     * @param param     the cursor or page-number query parameter; unused for next-link paging
     */
    public Paging(Kind kind, String baseUrl, String firstPage, String param) {
        this.kind = kind;
        this.baseUrl = PollAuth.required("baseUrl", baseUrl);
        if (firstPage == null || !firstPage.startsWith("/")) {
            throw new IllegalArgumentException("the first page must be a path starting with '/', not '" + firstPage + "'");
        }
        this.firstPageUrl = baseUrl.replaceAll("/+$", "") + firstPage;
        PageUrls.requireAbsoluteHttpUrl(firstPageUrl, "the first page's URL");
        this.param = param;
        if (kind != Kind.NEXT_LINK && (param == null || param.isBlank())) {
            throw new IllegalArgumentException(code(kind) + " paging needs the query parameter's name");
        }
        if (kind == Kind.PAGE_NUMBER) {
            pageNumber(firstPageUrl);
        }
    }

    public static Kind kind(String code) {
        for (Kind k : Kind.values()) {
            if (code(k).equals(code)) {
                return k;
            }
        }
        throw new IllegalArgumentException("paging must be next-link, cursor or page-number, not '" + code + "'");
    }

    private static String code(Kind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String firstPageUrl() {
        return firstPageUrl;
    }

    /** The URL after {@code currentUrl}, which returned {@code page} as the {@code pagesSoFar}-th page; null after the last. */
    public String next(String currentUrl, SourcePage page, int pagesSoFar) {
        String next = switch (kind) {
            case NEXT_LINK -> page.nextPageUrl();
            case CURSOR -> page.cursor() == null ? null : PageUrls.withQueryParam(firstPageUrl, param, page.cursor());
            case PAGE_NUMBER -> page.size() == 0 ? null
                    : PageUrls.withQueryParam(currentUrl, param, String.valueOf(pageNumber(currentUrl) + 1));
        };
        if (next == null) {
            return null;
        }
        PageUrls.requireSameOrigin(next, baseUrl);
        if (next.equals(currentUrl)) {
            throw new IllegalArgumentException("paging does not advance: the next page is again " + next);
        }
        if (pagesSoFar >= MAX_PAGES) {
            throw new IllegalArgumentException("more than " + MAX_PAGES + " pages; refusing to go on");
        }
        return next;
    }

    private long pageNumber(String url) {
        String value = PageUrls.queryParam(url, param);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("page-number paging: query parameter '" + param + "' of " + url
                    + " is not a page number: " + value);
        }
    }
}

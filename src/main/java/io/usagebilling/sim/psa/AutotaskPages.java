package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Query results kept for paging: each page has an opaque token that the next/prev page URLs carry.
 * A query's result is a snapshot taken when it was first asked, so paging is consistent even when
 * adjustments land in between. Bounded: the oldest tokens are forgotten (their URLs then 404).
 */
final class AutotaskPages {

    private static final int MAX_TOKENS = 10_000;

    /** One snapshotted query result. */
    record Result(String entity, List<ObjectNode> items, int pageSize) { }

    /** A page of a result: items [offset, offset + pageSize). */
    record Page(Result result, int offset) {
        List<ObjectNode> items() {
            return result.items().subList(offset, Math.min(offset + result.pageSize(), result.items().size()));
        }

        boolean hasNext() {
            return offset + result.pageSize() < result.items().size();
        }

        boolean hasPrevious() {
            return offset > 0;
        }

        Page next() {
            return new Page(result, offset + result.pageSize());
        }

        Page previous() {
            return new Page(result, Math.max(0, offset - result.pageSize()));
        }
    }

    private final Map<String, Page> byToken = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Page> eldest) {
            return size() > MAX_TOKENS;
        }
    };

    /** e.g. http://127.0.0.1:PORT/atservicesrest/V1.0/ */
    private final String apiUrl;

    AutotaskPages(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    /** Autotask's page shape: {"items":[...],"pageDetails":{count, requestCount, prevPageUrl, nextPageUrl}}. */
    ObjectNode render(Page page) {
        ObjectNode body = PsaSimHttp.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.items().forEach(items::add);
        body.putObject("pageDetails")
                .put("count", page.items().size())
                .put("requestCount", page.result().pageSize())
                .put("prevPageUrl", page.hasPrevious() ? url(page.previous(), "prev") : null)
                .put("nextPageUrl", page.hasNext() ? url(page.next(), "next") : null);
        return body;
    }

    private String url(Page page, String direction) {
        String token = UUID.randomUUID().toString().replace("-", "");
        synchronized (this) {
            byToken.put(token, page);
        }
        return apiUrl + page.result().entity() + "/query/" + direction + "?paging=" + token;
    }

    /** The page behind a token, or null when the token is unknown or forgotten. */
    synchronized Page find(String token) {
        return token == null ? null : byToken.get(token);
    }
}

package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.BearerCalls;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HaloPSA's REST API under {@code {instance}/api/}, with the client-credentials token (HaloToken):
 * reads, paged lists ({@code pageinate=true&page_size=&page_no=} from 1, answered with
 * {@code record_count}, as public clients page them) and writes ({@code POST} of a JSON array).
 * Thread-safe.
 */
public final class HaloClient {

    static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 500;

    private final URI api;
    private final BearerCalls calls;

    HaloClient(HaloContractUnits.Settings settings, Duration timeout, PsaHttp http) {
        this.api = settings.base().resolve("api/");
        this.calls = new BearerCalls(new HaloToken(settings, timeout, http), timeout, http);
    }

    PsaHttp http() {
        return calls.http();
    }

    /** A read, e.g. {@code RecurringInvoice/7}. */
    JsonNode get(String path, String what) {
        URI uri = api.resolve(path);
        return calls.send(() -> HttpRequest.newBuilder(uri).GET(), true, what);
    }

    /** Every item of a paged list, e.g. ({@code Client}, {@code clients}). */
    List<JsonNode> all(String path, String key, String what) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode body = get(path + "?pageinate=true&page_size=" + PAGE_SIZE + "&page_no=" + page, what + " page " + page);
            JsonNode items = body.path(key);
            if (!items.isArray()) {
                throw new PsaException(Outcome.UNKNOWN, what + " page " + page + " has no " + key + " array: "
                        + PsaHttp.excerpt(body.toString()));
            }
            items.forEach(all::add);
            if (items.size() < PAGE_SIZE || all.size() >= body.path("record_count").asLong(Long.MAX_VALUE)) {
                return all;
            }
        }
        throw new PsaException(Outcome.UNKNOWN, what + " still paging after " + MAX_PAGES + " pages");
    }

    /** A write: never repeated after a failure (it may have been applied). */
    JsonNode post(String path, JsonNode body, String what) {
        URI uri = api.resolve(path);
        return calls.send(() -> HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body.toString())), false, what);
    }
}

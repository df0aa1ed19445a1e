package io.usagebilling.psa.connectwise;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.ErrorBodies;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** ConnectWise PSA REST 3.0: Basic auth with the company-prefixed public key, the clientId header, page/pageSize paging. */
public final class ConnectWiseClient {

    /** ConnectWise's page-size limit. */
    static final int PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 100;

    private final URI base;
    private final String authorization;
    private final String clientId;
    private final Duration timeout;
    private final PsaHttp http;
    private final ErrorBodies errors;

    /**
     * @param base e.g. https://api-na.myconnectwise.net/v4_6_release/apis/3.0/
     * @param company the company id that prefixes the public key in Basic auth
     */
    public ConnectWiseClient(URI base, String company, String publicKey, String privateKey, String clientId,
            Duration timeout, PsaHttp http) {
        this.base = PsaHttp.folder(Objects.requireNonNull(base, "base"));
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (company + "+" + publicKey + ":" + privateKey).getBytes(StandardCharsets.UTF_8));
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.timeout = timeout;
        this.http = http;
        this.errors = new ErrorBodies() {
            // every call carries the keys, so a 401 anywhere is the keys refused: nothing will go until they are fixed
            @Override
            public String settingRefused(int status, String body) {
                return status != 401 ? null : "ConnectWise refused the API keys of company '" + company + "': check"
                        + " psa.connectwise.company, .public-key, .private-key and .client-id (CONNECTWISE_COMPANY,"
                        + " CONNECTWISE_PUBLIC_KEY, CONNECTWISE_PRIVATE_KEY, CONNECTWISE_CLIENT_ID)";
            }
        };
    }

    PsaHttp http() {
        return http;
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /**
     * Every item of a list endpoint, all pages ({@code query} without paging, may be empty): the next
     * page is the one the Link header names (a server may serve fewer rows than asked); without a Link
     * header, a short page is the last.
     */
    List<JsonNode> all(String path, String query, String what) {
        List<JsonNode> all = new ArrayList<>();
        String list = path + "?" + (query.isEmpty() ? "" : query + "&");
        URI next = uri(list + "page=1&pageSize=" + PAGE_SIZE);
        for (int page = 1; page <= MAX_PAGES; page++) {
            HttpResponse<String> response = http.send(request(next).GET().build(), true, what + " page " + page, errors);
            JsonNode items = PsaHttp.json(response, what + " page " + page);
            if (!items.isArray()) {
                throw new PsaException(Outcome.UNKNOWN, what + " page " + page + " is not a JSON array");
            }
            items.forEach(all::add);
            Optional<String> link = response.headers().firstValue("Link");
            next = link.isPresent() ? ConnectWiseLinks.next(link.get(), base).orElse(null)
                    : items.size() < PAGE_SIZE ? null : uri(list + "page=" + (page + 1) + "&pageSize=" + PAGE_SIZE);
            if (next == null) {
                return all;
            }
        }
        throw new PsaException(Outcome.UNKNOWN, what + " still paging after " + MAX_PAGES + " pages");
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", authorization)
                .header("clientId", clientId)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    JsonNode send(HttpRequest.Builder request, boolean repeatable, String what) {
        return http.sendJson(request.build(), repeatable, what, errors);
    }
}

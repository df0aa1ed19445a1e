package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Autotask REST: zone lookup, the three auth headers, JSON and query paging, over {@link PsaHttp}
 * (budget, thread limit, 429, retries of reads). Knows nothing about contracts; thread-safe.
 */
public final class AutotaskClient {

    /** Guards against a server that keeps handing out next pages (500 pages = 250,000 rows). */
    private static final int MAX_PAGES = 500;

    private final URI zoneLookupBase;
    private final AutotaskCredentials credentials;
    private final Duration timeout;
    private final PsaHttp http;
    private final AutotaskErrorBodies errors;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** {zone url}v1.0/ once resolved; the only thing cached, since a tenant's zone does not move. */
    private volatile URI apiBase;

    public AutotaskClient(URI zoneLookupBase, AutotaskCredentials credentials, Duration timeout, PsaHttp http) {
        this.zoneLookupBase = withoutTrailingSlash(Objects.requireNonNull(zoneLookupBase, "zoneLookupBase"));
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = Objects.requireNonNull(http, "http");
        this.errors = new AutotaskErrorBodies(credentials.userName());
    }

    public ObjectNode newObject() {
        return json.createObjectNode();
    }

    /** The transport: its traffic counts every request, the zone lookup and failed ones included. */
    public PsaHttp http() {
        return http;
    }

    /**
     * POST {base}{entity}/query and follows pageDetails.nextPageUrl until null, each next page also a
     * POST of the same body (Autotask refuses a GET there with a 405).
     *
     * @param what names the subject in failure messages, e.g. "contract 7 service 9"
     */
    public List<JsonNode> query(String entity, ObjectNode queryBody, String what) {
        URI base = apiBase(what);
        List<JsonNode> items = new ArrayList<>();
        JsonNode page = send(post(base.resolve(entity + "/query"), queryBody), true, what + ": query " + entity);
        for (int pages = 1; ; pages++) {
            page.path("items").forEach(items::add);
            JsonNode next = page.path("pageDetails").path("nextPageUrl");
            if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
                return items;
            }
            if (pages >= MAX_PAGES) {
                throw new PsaException(Outcome.UNKNOWN, what + ": query " + entity + " still paging after " + pages + " pages");
            }
            URI nextUri = sameOrigin(base, next.asText(), what);
            page = send(post(nextUri, queryBody), true, what + ": query " + entity + " next page");
        }
    }

    /** POST {base}{entity} (an Autotask create); returns the response body, normally {"itemId": n}. */
    public JsonNode create(String entity, ObjectNode body, String what) {
        URI base = apiBase(what);
        return send(post(base.resolve(entity), body), false, what + ": create " + entity);
    }

    /** GET {base}{resource}, a read (repeated after a 5xx or a lost connection); returns the body. */
    public JsonNode get(String resource, String what) {
        URI base = apiBase(what);
        return send(authorized(HttpRequest.newBuilder(base.resolve(resource))).GET().build(), true, what + ": get " + resource);
    }

    private URI apiBase(String what) {
        URI base = apiBase;
        return base != null ? base : resolveZone(what);
    }

    /** Synchronized so that concurrent first calls make one lookup, not several. */
    private synchronized URI resolveZone(String what) {
        if (apiBase != null) {
            return apiBase;
        }
        URI lookup = URI.create(zoneLookupBase + "/v1.0/zoneInformation?user="
                + URLEncoder.encode(credentials.userName(), StandardCharsets.UTF_8));
        // zoneInformation needs no auth: don't hand the secret to the lookup host
        HttpRequest request = HttpRequest.newBuilder(lookup).timeout(timeout).GET().build();
        JsonNode zone = send(request, true, what + ": zone lookup for user " + credentials.userName());
        String url = zone.path("url").asText("");
        URI zoneUrl;
        try {
            zoneUrl = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            zoneUrl = null;
        }
        if (zoneUrl == null || !zoneUrl.isAbsolute() || zoneUrl.getHost() == null
                || !("https".equals(zoneUrl.getScheme()) || "http".equals(zoneUrl.getScheme()))) {
            throw new PsaException(Outcome.REJECTED, what + ": zone lookup for user " + credentials.userName()
                    + " returned no usable url: " + PsaHttp.excerpt(zone.toString()));
        }
        apiBase = zoneUrl.resolve("v1.0/");
        return apiBase;
    }

    private HttpRequest post(URI uri, ObjectNode body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JsonNode", e);
        }
        return authorized(HttpRequest.newBuilder(uri)).POST(HttpRequest.BodyPublishers.ofString(text)).build();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return builder.timeout(timeout)
                .header("ApiIntegrationCode", credentials.apiIntegrationCode())
                .header("UserName", credentials.userName())
                .header("Secret", credentials.secret())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, boolean repeatable, String what) {
        return http.sendJson(request, repeatable, what, errors);
    }

    /** Credentials go only to the zone host: a nextPageUrl elsewhere is refused, not followed. */
    private static URI sameOrigin(URI base, String next, String what) {
        URI uri;
        try {
            uri = base.resolve(next);
        } catch (IllegalArgumentException e) {
            throw new PsaException(Outcome.UNKNOWN, what + ": unusable nextPageUrl " + PsaHttp.excerpt(next), e);
        }
        if (!base.getScheme().equalsIgnoreCase(uri.getScheme()) || !base.getHost().equalsIgnoreCase(uri.getHost())
                || base.getPort() != uri.getPort()) {
            throw new PsaException(Outcome.UNKNOWN, what + ": nextPageUrl " + PsaHttp.excerpt(next) + " is not on the zone host " + base.getHost());
        }
        return uri;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
    }
}

package io.usagebilling.intake.normalize;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * URL checks for paged sources. The next page's URL comes from the remote response, and we
 * send our bearer token to it: it must be an absolute http(s) URL on the very origin we configured.
 */
public final class PageUrls {

    private PageUrls() {}

    /** Parses {@code url} and insists on an absolute http(s) URL with a host and no user info. */
    public static URI requireAbsoluteHttpUrl(String url, String what) {
        Objects.requireNonNull(url, what);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL: " + url, e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException(what + " is not an absolute http(s) URL: " + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(what + " has no host: " + url);
        }
        // "http://trusted@evil/" tricks humans reading logs; a paging link never needs credentials.
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(what + " must not carry user info: " + url);
        }
        return uri;
    }

    /** Throws unless both URLs share scheme, host and (effective) port. */
    public static void requireSameOrigin(String nextPageUrl, String baseUrl) {
        URI next = requireAbsoluteHttpUrl(nextPageUrl, "nextPageUrl");
        URI base = requireAbsoluteHttpUrl(baseUrl, "baseUrl");
        if (!origin(next).equals(origin(base))) {
            throw new IllegalArgumentException(
                    "nextPageUrl " + nextPageUrl + " leaves the configured origin " + origin(base)
                            + " (origin " + origin(next) + "); refusing to send credentials there");
        }
    }

    /** scheme://host:port with the default port made explicit, so http://h equals http://h:80. */
    static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** {@code url} with query parameter {@code name} set to {@code value} (replaced if present). */
    public static String withQueryParam(String url, String name, String value) {
        URI uri = requireAbsoluteHttpUrl(url, "page URL");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        StringBuilder query = new StringBuilder();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (!pair.isEmpty() && !decodedName(pair).equals(name)) {
                    query.append(query.isEmpty() ? "" : "&").append(pair);
                }
            }
        }
        query.append(query.isEmpty() ? "" : "&").append(encoded);
        String base = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        return base + "?" + query;
    }

    /** The decoded value of query parameter {@code name}, or null. */
    public static String queryParam(String url, String name) {
        String query = requireAbsoluteHttpUrl(url, "page URL").getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (decodedName(pair).equals(name)) {
                int eq = pair.indexOf('=');
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String decodedName(String pair) {
        int eq = pair.indexOf('=');
        return URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
    }
}

package io.usagebilling.sim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The {@code page} and {@code max} query parameters of a sites request, validated like the real API. */
record DattoRmmPageQuery(int page, int max) {

    static final int DEFAULT_PAGE = 0;

    /** Throws {@link IllegalArgumentException} (answered as 400) for bad or repeated parameters. */
    static DattoRmmPageQuery parse(String rawQuery, int maxPageSize) {
        Map<String, String> params = params(rawQuery);
        int page = intParam(params, "page", DEFAULT_PAGE);
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more: " + page);
        }
        int max = intParam(params, "max", maxPageSize);
        if (max < 1 || max > maxPageSize) {
            throw new IllegalArgumentException("max must be 1.." + maxPageSize + ": " + max);
        }
        return new DattoRmmPageQuery(page, max);
    }

    /** The parameters of a query or a form body, decoded; a repeated one is refused. */
    static Map<String, String> params(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (params.put(name, value) != null) {
                    throw new IllegalArgumentException("parameter '" + name + "' is repeated");
                }
            }
        }
        return params;
    }

    private static int intParam(Map<String, String> params, String name, int defaultValue) {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not an integer: '" + value + "'");
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}

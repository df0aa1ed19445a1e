package io.usagebilling.observe;

import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in text bound for a log line or an error message: a value after a
 * secret-ish name (password, secret, token, api key, integration code, authorization, signature),
 * a bearer token, an API token ({@code ubt_...}) and the password in a URL's user-info.
 */
public final class Secrets {

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;}\\]]+");
    private static final Pattern API_TOKEN = Pattern.compile("ubt_[A-Za-z0-9_-]+");
    private static final Pattern NAMED = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token|api[-_]?key"
            + "|integration[-_]?code|authorization|private[-_]?key|signature)[\"']?\\s*[=:]\\s*[\"']?)"
            + "(?!\\*\\*\\*)[^\\s\"'&,;}\\]]+");
    /** user:password@host, in a URL or alone (as a driver echoes a host it could not parse). */
    private static final Pattern USER_INFO = Pattern.compile("(^|[\\s/])([^\\s/:@]+:)[^@\\s/]+@");

    private Secrets() {}

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = BEARER.matcher(text).replaceAll("$1***");
        masked = API_TOKEN.matcher(masked).replaceAll("ubt_***");
        masked = NAMED.matcher(masked).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1$2***@");
    }
}

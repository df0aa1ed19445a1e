package io.usagebilling.psa;

/**
 * What a PSA says in an error answer's body that its status does not. Autotask answers bad
 * credentials with a 500, which by its status alone reads as "may have been applied", and may
 * refuse a request over its thread limit with a status other than 429.
 */
public interface ErrorBodies {

    /** Every answer judged by its status alone. */
    ErrorBodies NONE = new ErrorBodies() { };

    /** Why the PSA refused our settings, naming the setting to fix; null when the answer is not that. */
    default String settingRefused(int status, String body) {
        return null;
    }

    /** The PSA turned the request away unapplied, for load: it is sent again like a 429. */
    default boolean throttled(int status, String body) {
        return false;
    }
}

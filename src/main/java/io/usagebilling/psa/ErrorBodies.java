package io.usagebilling.psa;

/**
 * What a PSA says in an error answer's body that its status does not. Autotask answers bad
 * credentials with a 500, which by its status alone reads as "may have been applied".
 */
@FunctionalInterface
public interface ErrorBodies {

    /** Every answer judged by its status alone. */
    ErrorBodies NONE = (status, body) -> null;

    /** Why the PSA refused our settings, naming the setting to fix; null when the answer is not that. */
    String settingRefused(int status, String body);
}

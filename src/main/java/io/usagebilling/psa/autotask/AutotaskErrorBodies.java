package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.psa.ErrorBodies;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Autotask's {"errors":[...]} body says beyond the status (reference/psa-wire-checks.md): an
 * unknown user or integration code is a 500, never a maybe-applied write; a 401 (a wrong secret; its
 * body is not documented) refuses the credentials too; code Itgenatr005 is its thread limit, whatever
 * the status, so the request was not applied and waits to be sent again.
 */
final class AutotaskErrorBodies implements ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String userName;

    AutotaskErrorBodies(String userName) {
        this.userName = userName;
    }

    @Override
    public String settingRefused(int status, String body) {
        for (String message : messages(body)) {
            if (message.contains("zone information could not be determined")) {
                return "Autotask does not know the API user '" + userName
                        + "': set psa.autotask.username (AUTOTASK_USERNAME) to an API user of your tenant";
            }
            if (message.contains("integrationcode is invalid")) {
                return "Autotask refused the integration code: set psa.autotask.integration-code"
                        + " (AUTOTASK_INTEGRATION_CODE) to the tracking identifier of the API user";
            }
        }
        if (status == 401) {
            return "Autotask refused the credentials of API user '" + userName + "': check psa.autotask.secret"
                    + " (AUTOTASK_SECRET), then the user and integration code";
        }
        return null;
    }

    @Override
    public boolean throttled(int status, String body) {
        return messages(body).stream().anyMatch(message -> message.contains("itgenatr005"));
    }

    /** The lower-cased messages of {"errors":[string or {"message":...}]}; none for any other body. */
    private static List<String> messages(String body) {
        JsonNode errors;
        try {
            errors = JSON.readTree(body == null ? "" : body).path("errors");
        } catch (IOException e) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        errors.forEach(e -> messages.add((e.isTextual() ? e.asText() : e.path("message").asText("")).toLowerCase(Locale.ROOT)));
        return messages;
    }
}

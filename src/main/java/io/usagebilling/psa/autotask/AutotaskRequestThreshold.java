package io.usagebilling.psa.autotask;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.psa.PsaException.Outcome;
import io.usagebilling.psa.PsaException;
import io.usagebilling.psa.PsaHttp;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Autotask's 10,000 requests an hour are the tenant's, spent by every integration of it: what
 * GET ThresholdInformation says is left (externalRequestThreshold - currentTimeframeRequestCount)
 * caps our budget, our share still applying below it. requestThresholdTimeframe is taken to be in
 * minutes (public examples show 60; Autotask does not say): the cap is held for our rolling hour
 * whatever it says, and only logged.
 */
final class AutotaskRequestThreshold {

    private static final Logger LOG = LoggerFactory.getLogger(AutotaskRequestThreshold.class);

    private final AutotaskClient client;
    /** Set by a failed read, cleared by one that answers: a user who may not read it warns once, not every run. */
    private final AtomicBoolean failing = new AtomicBoolean();

    AutotaskRequestThreshold(AutotaskClient client) {
        this.client = client;
    }

    /** Reads the threshold and caps the budget; a failed read leaves the budget as it was, refused settings are thrown. */
    void capBudget() {
        long threshold;
        long used;
        String timeframe;
        try {
            JsonNode answer = client.get("ThresholdInformation", "request threshold");
            threshold = whole(answer, "externalRequestThreshold");
            used = whole(answer, "currentTimeframeRequestCount");
            timeframe = answer.path("requestThresholdTimeframe").asText("?");
        } catch (PsaException e) {
            if (e.outcome() == PsaException.Outcome.MISCONFIGURED) {
                throw e; // not a failed read: our settings are refused, for every request that follows too
            }
            if (failing.compareAndSet(false, true)) {
                LOG.warn("Autotask's request threshold could not be read, delivering within our share of the hour alone: {}",
                        e.getMessage());
            } else {
                LOG.debug("Autotask's request threshold could not be read again: {}", e.getMessage());
            }
            return;
        }
        failing.set(false);
        long taken = client.http().budgetNoMoreThan(threshold - used);
        if (taken > 0) {
            LOG.info("Autotask: the tenant has spent {} of its {} requests in its timeframe ({} minutes): {} taken"
                    + " from our budget, {} left", used, threshold, timeframe, taken, client.http().budgetLeft());
        }
    }

    private static long whole(JsonNode answer, String field) {
        JsonNode value = answer.path(field);
        if (!value.isIntegralNumber()) {
            throw new PsaException(Outcome.REJECTED, "ThresholdInformation answered without a whole " + field + ": "
                    + PsaHttp.excerpt(answer.toString()));
        }
        return value.asLong();
    }
}

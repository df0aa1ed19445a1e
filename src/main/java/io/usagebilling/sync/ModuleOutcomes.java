package io.usagebilling.sync;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Joins the daily sync's calls to each module's source route. A module that failed has already
 * been recorded as failed by its route's error policy; its handled error must not stop the sync,
 * which goes on to the other modules and to delivery for the modules that did collect.
 */
public final class ModuleOutcomes implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange previous, Exchange moduleResult) {
        moduleResult.getExchangeExtension().setErrorHandlerHandled(null);
        return moduleResult;
    }
}

package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Autotask's limits on a simulated tenant: 3 requests in flight per endpoint per integration (beyond,
 * the thread-limit refusal), and the hourly threshold shared by every integration (beyond, 429), whose
 * count ThresholdInformation answers.
 */
final class AutotaskLimits {

    /** Autotask's thread limit: concurrent requests per endpoint per integration code. */
    static final int THREADS_PER_ENDPOINT = 3;
    /** ThresholdInformation's requestThresholdTimeframe as public examples show it (minutes, presumably). */
    private static final int THRESHOLD_TIMEFRAME = 60;

    /** The tenant's requests in the current timeframe: ours and, as set, other integrations'. */
    private final AtomicLong timeframeRequests = new AtomicLong();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long hourlyThreshold = 10_000;

    void hourlyThreshold(long requests) {
        hourlyThreshold = requests;
    }

    void currentTimeframeRequestCount(long count) {
        timeframeRequests.set(count);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    /** Counts the request against both limits and answers it with {@code handler} unless one refuses it. */
    Reply within(String path, Supplier<Reply> handler) {
        long count = timeframeRequests.incrementAndGet();
        AtomicInteger endpoint = inFlight.computeIfAbsent(endpointOf(path), k -> new AtomicInteger());
        int now = endpoint.incrementAndGet();
        try {
            maxInFlight.accumulateAndGet(now, Math::max);
            if (now > THREADS_PER_ENDPOINT) {
                return AutotaskSimError.threadLimitExceeded(THREADS_PER_ENDPOINT).reply();
            }
            if (count > hourlyThreshold) {
                return new Reply(429, Reply.errors("API request threshold exceeded"), "3600");
            }
            return handler.get();
        } finally {
            endpoint.decrementAndGet();
        }
    }

    /** The count includes this request: whether Autotask counts its own ThresholdInformation reads is unconfirmed. */
    ObjectNode thresholdInformation() {
        return PsaSimHttp.JSON.createObjectNode().put("externalRequestThreshold", hourlyThreshold)
                .put("requestThresholdTimeframe", THRESHOLD_TIMEFRAME)
                .put("currentTimeframeRequestCount", timeframeRequests.get());
    }

    /** The entity a path addresses: thread limits count per entity endpoint. */
    private static String endpointOf(String path) {
        String[] parts = path.toLowerCase(Locale.ROOT).split("/");
        return parts.length > 3 ? parts[3] : path;
    }
}

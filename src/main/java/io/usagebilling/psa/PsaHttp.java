package io.usagebilling.psa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.psa.PsaException.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every request to a PSA goes through here: one unit of the shared hourly budget per request, at
 * most {@code concurrentPerEndpoint} in flight per endpoint, a 429 (or a refusal for load the
 * PSA's {@link ErrorBodies} recognise) waited out for its Retry-After (never applied, so repeating
 * is safe, writes included), and a failed read repeated with exponential back-off and jitter. A
 * failed write is never repeated: it may have been applied.
 */
public final class PsaHttp {

    /** Limits; the defaults are Autotask's (3 threads per endpoint). */
    public record Settings(int concurrentPerEndpoint, int readRetries, Duration firstBackOff, int throttledRetries,
            Duration maxRetryAfter) {

        public static Settings defaults() {
            return new Settings(3, 3, Duration.ofMillis(500), 3, Duration.ofSeconds(120));
        }
    }

    private static final int BODY_EXCERPT_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final HttpClient http;
    private final HourlyBudget budget;
    private final Settings settings;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public PsaHttp(Duration connectTimeout, HourlyBudget budget, Settings settings) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.budget = budget;
        this.settings = settings;
    }

    public PsaTraffic traffic() {
        return new PsaTraffic(requests.get(), throttled.get(), retries.get());
    }

    public long budgetLeft() {
        return budget.remaining();
    }

    /** See {@link HourlyBudget#noMoreThan}: what the PSA says the whole tenant has left caps our budget. */
    public long budgetNoMoreThan(long tenantRequestsLeft) {
        return budget.noMoreThan(tenantRequestsLeft);
    }

    /** {@link #sendJson(HttpRequest, boolean, String, ErrorBodies)} judging error answers by their status. */
    public JsonNode sendJson(HttpRequest request, boolean repeatable, String what) {
        return sendJson(request, repeatable, what, ErrorBodies.NONE);
    }

    /** {@link #send}, and the 2xx body as JSON; a 2xx that is not JSON may have been applied, so it is UNKNOWN. */
    public JsonNode sendJson(HttpRequest request, boolean repeatable, String what, ErrorBodies errors) {
        return json(send(request, repeatable, what, errors), what);
    }

    /** A 2xx answer's body as JSON; one that is not JSON may have been applied, so it is UNKNOWN. */
    public static JsonNode json(HttpResponse<String> response, String what) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (JsonProcessingException e) {
            throw new PsaException(Outcome.UNKNOWN, what + ": HTTP " + response.statusCode()
                    + " with a body that is not JSON: " + excerpt(response.body()), e);
        }
    }

    /** The base URL as a folder (ending in /), so relative paths resolve below it. */
    public static URI folder(URI base) {
        String b = base.toString();
        return b.endsWith("/") ? base : URI.create(b + "/");
    }

    /**
     * Sends until a final answer and returns a 2xx response. {@code repeatable}: a read, which may be
     * sent again after a 5xx or a lost connection. {@code errors} reads what an error body says beyond
     * its status.
     *
     * @throws PsaException REJECTED on 4xx, UNKNOWN on a failure that may have been applied,
     *     DEFERRED when the budget is spent or 429s (refusals for load) outlast the retries,
     *     MISCONFIGURED when the body says our settings were refused
     */
    public HttpResponse<String> send(HttpRequest request, boolean repeatable, String what, ErrorBodies errors) {
        int failures = 0;
        int throttles = 0;
        while (true) {
            HttpResponse<String> response;
            try {
                response = sendOnce(request, what);
            } catch (IOException e) {
                String why = what + ": " + e.getClass().getSimpleName() + " after " + request.method() + " "
                        + request.uri().getPath() + ": " + e.getMessage();
                if (repeatable && failures < settings.readRetries()) {
                    backOff(failures++);
                    continue;
                }
                throw new PsaException(Outcome.UNKNOWN, why, e);
            }
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            if (status == 429 || !ok && errors.throttled(status, response.body())) {
                throttled.incrementAndGet();
                // a 429 without Retry-After waits a minute; a refusal for load without one, the back-off
                Duration wait = retryAfter(response, status == 429 ? Duration.ofSeconds(60) : backOffDelay(throttles));
                if (throttles++ >= settings.throttledRetries() || wait.compareTo(settings.maxRetryAfter()) > 0) {
                    throw new PsaException(Outcome.DEFERRED, what + ": HTTP " + status + " (Retry-After " + wait.toSeconds()
                            + " s) " + excerpt(response.body()));
                }
                retries.incrementAndGet();
                sleep(wait);
                continue;
            }
            String refused = ok ? null : errors.settingRefused(status, response.body());
            if (refused != null) {
                throw new PsaException(Outcome.MISCONFIGURED, what + ": HTTP " + status + ": " + refused);
            }
            if (status >= 400 && status < 500) {
                throw new PsaException(Outcome.REJECTED, what + ": HTTP " + status + " " + excerpt(response.body()), status);
            }
            if (!ok) {
                if (repeatable && failures < settings.readRetries()) {
                    backOff(failures++);
                    continue;
                }
                throw new PsaException(Outcome.UNKNOWN, what + ": HTTP " + status + " " + excerpt(response.body()));
            }
            return response;
        }
    }

    private HttpResponse<String> sendOnce(HttpRequest request, String what) throws IOException {
        if (!budget.tryTake()) {
            throw new BudgetSpent(what);
        }
        Semaphore gate = inFlight.computeIfAbsent(endpoint(request), k -> new Semaphore(settings.concurrentPerEndpoint(), true));
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsaException(Outcome.DEFERRED, what + ": interrupted before sending", e);
        }
        try {
            requests.incrementAndGet();
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsaException(Outcome.UNKNOWN, what + ": interrupted while waiting for the response", e);
        } finally {
            gate.release();
        }
    }

    /**
     * Thread limits are per entity: the path up to /query or an id, e.g. /v1.0/contractserviceunits;
     * case-blind, as Autotask's next-page URLs say /V1.0/ where ours say /v1.0/.
     */
    private static String endpoint(HttpRequest request) {
        return (request.uri().getHost() + request.uri().getPath().replaceAll("/(query|\\d+)(/.*)?$", ""))
                .toLowerCase(Locale.ROOT);
    }

    private void backOff(int failuresSoFar) {
        retries.incrementAndGet();
        sleep(backOffDelay(failuresSoFar));
    }

    private Duration backOffDelay(int failuresSoFar) {
        long ceiling = settings.firstBackOff().toMillis() << Math.min(failuresSoFar, 10);
        // half fixed, half random: instances that failed together do not retry together
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** Retry-After in seconds (the form PSAs send); {@code missing} when absent, 60 s when unreadable. */
    private static Duration retryAfter(HttpResponse<String> response, Duration missing) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return missing;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(60);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PsaException(Outcome.DEFERRED, "interrupted while waiting to retry", e);
        }
    }

    public static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= BODY_EXCERPT_CHARS ? flat : flat.substring(0, BODY_EXCERPT_CHARS) + "...";
    }
}

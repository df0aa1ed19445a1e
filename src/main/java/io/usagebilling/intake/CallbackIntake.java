package io.usagebilling.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.domain.TenantCalendar;
import io.usagebilling.intake.normalize.JsonPageNormalizer;
import io.usagebilling.intake.normalize.JsonShape;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.observe.BillingMetrics;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /callbacks/{module}}: a module pushes a batch of usage records
 * ({@code {"records":[{"orgId","orgName","billingType","quantity","assetId","usageDate","recordId"}]}}),
 * signed with its secret (see {@link CallbackSignature}). The signature is checked on the raw body
 * bytes before anything reads them; the module, signature and timestamp are read from the HTTP
 * request itself, never from message headers, which platform-http also fills from query and form
 * parameters.
 *
 * <p>Replies: 202 {@code {"accepted","duplicate","corrected","quarantined"}}; 400 unreadable batch, with the
 * reason; 401 bad, missing, stale or replayed signature; 404 not a callback module; 413 too large.
 */
public final class CallbackIntake {

    private static final String PATH_PREFIX = "/callbacks/";
    private static final Logger LOG = LoggerFactory.getLogger(CallbackIntake.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappingLoader mappings;
    private final Function<String, Optional<String>> secrets;
    private final CallbackReplays replays;
    private final UsageStore store;
    private final TenantCalendar calendar;
    private final Clock clock;
    private final BillingMetrics metrics;
    private final long maxBytes;

    /** @param secrets a module's callback secret by module id ({@code callbacks.<id>.secret}) */
    public CallbackIntake(MappingLoader mappings, Function<String, Optional<String>> secrets, CallbackReplays replays,
                          UsageStore store, TenantCalendar calendar, Clock clock, long maxBytes, BillingMetrics metrics) {
        this.mappings = mappings;
        this.secrets = secrets;
        this.replays = replays;
        this.store = store;
        this.calendar = calendar;
        this.clock = clock;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    private record Reply(int status, String json) {
        static Reply error(int status, String reason) {
            return new Reply(status, JSON.createObjectNode().put("error", reason).toString());
        }
    }

    public void receive(Exchange exchange) {
        HttpMessage http = exchange.getIn(HttpMessage.class);
        Reply reply = http == null ? Reply.error(400, "not an HTTP request") : handle(http.getRequest(), exchange.getIn());
        Message out = exchange.getMessage();
        out.removeHeaders("*"); // the request's headers must not be echoed into the response
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(reply.json());
    }

    /** Path and headers come from the HTTP request itself: the message's headers also hold query parameters. */
    private Reply handle(HttpServerRequest request, Message in) {
        String module = moduleOf(request.path());
        Optional<Mappings.Module> entry = module == null ? Optional.empty() : mappings.module(module);
        if (entry.isEmpty() || !entry.get().source().equals("callback")) {
            return Reply.error(404, "no callback module here");
        }
        byte[] body = in.getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        if (body.length > maxBytes) {
            return Reply.error(413, "batch is larger than " + maxBytes + " bytes");
        }
        Optional<String> secret = secrets.apply(module).filter(s -> !s.isBlank());
        if (secret.isEmpty()) {
            LOG.warn("callback for module {} refused: callbacks.{}.secret is not set", module, module);
            return Reply.error(401, "signature cannot be verified");
        }
        String timestamp = single(request.headers().getAll(CallbackSignature.TIMESTAMP_HEADER));
        String signature = single(request.headers().getAll(CallbackSignature.SIGNATURE_HEADER));
        String problem = CallbackSignature.problem(secret.get(), timestamp, signature, body, clock.instant());
        if (problem != null) {
            return Reply.error(401, problem);
        }
        SourcePage batch;
        List<LocalDate> completeDays;
        try {
            batch = new JsonPageNormalizer(shape(module, mappings.billingTypesOf(module)))
                    .normalize(new ByteArrayInputStream(body), calendar.today());
            completeDays = completeDays(body);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, e.getMessage()); // nothing stored, signature unused: the same batch gets the same answer
        }
        // Hex is case-insensitive: the upper-case spelling of a used signature is the same signature.
        // The signature is used, and the days marked complete, in the batch's transaction: all or nothing.
        String used = signature.toLowerCase(Locale.ROOT);
        UsageStore.Stored stored;
        try {
            stored = store.storePushed(module, calendar.today(), batch, c -> {
                if (!replays.firstUse(c, module, used)) {
                    throw new Replayed();
                }
                UsageStore.markComplete(c, module, completeDays);
            });
        } catch (RuntimeException e) {
            if (causedBy(e, Replayed.class)) {
                return Reply.error(401, "signature was already used");
            }
            throw e;
        }
        metrics.records(module, stored.inserted(), stored.quarantined());
        return new Reply(202, "{\"accepted\":" + stored.inserted() + ",\"duplicate\":" + stored.duplicates()
                + ",\"corrected\":" + stored.corrected()
                + ",\"quarantined\":" + batch.rejected().size() + "}");
    }

    /**
     * The batch's {@code completeDays}: days the module says are complete, with nothing (more) in use
     * than it sent; each a day that is over. Absent: none.
     */
    private List<LocalDate> completeDays(byte[] body) {
        JsonNode days;
        try {
            days = JSON.readTree(body).path("completeDays");
        } catch (IOException e) {
            throw new IllegalArgumentException("batch is not valid JSON: " + e.getMessage());
        }
        if (days.isMissingNode()) {
            return List.of();
        }
        if (!days.isArray()) {
            throw new IllegalArgumentException("completeDays must be an array of dates (YYYY-MM-DD)");
        }
        List<LocalDate> complete = new ArrayList<>();
        for (JsonNode day : days) {
            try {
                LocalDate date = TenantCalendar.parseDate(day.asText());
                calendar.requireOver(date);
                complete.add(date);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("completeDays: " + e.getMessage());
            }
        }
        return complete;
    }

    /** The batch's signature was used before: its transaction is rolled back, nothing is stored. */
    private static final class Replayed extends SQLException {
        Replayed() {
            super("signature was already used");
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The module of {@code /callbacks/{module}}. */
    private static String moduleOf(String path) {
        int at = path == null ? -1 : path.lastIndexOf(PATH_PREFIX); // below camel.server.path, whatever it is
        if (at < 0) {
            return null;
        }
        String rest = path.substring(at + PATH_PREFIX.length());
        return rest.isEmpty() || rest.contains("/") ? null : rest;
    }

    /** A header given exactly once; repeated counts as missing. */
    private static String single(List<String> values) {
        return values.size() == 1 ? values.get(0) : null;
    }

    /** The batch's shape; a record of a billing type the module does not have is quarantined, never billed. */
    private static JsonShape shape(String module, Set<String> billingTypes) {
        return new JsonShape(module, "records", "orgId", "orgName", null, "billingType", null, "quantity", false,
                BigDecimal.valueOf(1_000_000_000), "assetId", "usageDate", "recordId", null, null, billingTypes);
    }
}

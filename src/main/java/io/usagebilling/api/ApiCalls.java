package io.usagebilling.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.domain.Grant;
import io.usagebilling.domain.InputProblem;
import io.usagebilling.psa.PsaException;
import io.usagebilling.store.StoreException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one REST call: the caller is identified only from the HTTP request's own Authorization
 * header, checked against the hashed tokens in PostgreSQL (never from message headers, which
 * platform-http also fills from query and form parameters); 401 without a valid token, 403 without
 * the grant; then the handler, with its errors as 400 (bad input), 404 or 409 (not possible now).
 */
public final class ApiCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCalls.class);

    /** What an endpoint does once the caller is allowed. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(ApiRequest request) throws Exception;
    }

    /** A response: status, content type and body (serialized as JSON unless it is text). */
    public record Reply(int status, String contentType, Object body) {
        public static Reply json(Object body) {
            return new Reply(200, "application/json", body);
        }
    }

    private final ApiTokens tokens;
    private final ObjectMapper json;
    private final ObjectMapper answers;

    public ApiCalls(ApiTokens tokens, ObjectMapper json) {
        this.tokens = tokens;
        this.json = json;
        // an answer leaves out what is not there rather than writing null (the document's schemas say so)
        this.answers = json.copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Runs {@code handler} for a caller with a valid token and {@code grant} (null: any valid token). */
    public void run(Exchange exchange, Grant grant, Handler handler) throws JsonProcessingException {
        HttpMessage http = exchange.getIn(HttpMessage.class);
        Reply reply;
        Optional<ApiTokens.Caller> caller = http == null ? Optional.empty() : caller(http.getRequest().headers().getAll("Authorization"));
        if (caller.isEmpty()) {
            reply = error(401, "a valid API token is required: Authorization: Bearer TOKEN");
        } else if (grant != null && !caller.get().may(grant)) {
            reply = error(403, "this token lacks the permission '" + grant.code() + "'");
        } else {
            reply = handled(new ApiRequest(http.getRequest(), exchange.getIn(), json, caller.get()), handler);
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*"); // nothing of the request is echoed back as a response header
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        out.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        if (reply.status() == 401) {
            out.setHeader("WWW-Authenticate", "Bearer");
        }
        out.setBody(reply.body() instanceof String || reply.body() instanceof byte[] ? reply.body()
                : answers.writeValueAsString(reply.body()));
    }

    private Optional<ApiTokens.Caller> caller(List<String> authorization) {
        if (authorization.size() != 1 || !authorization.get(0).regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return tokens.find(authorization.get(0).substring(7).trim());
    }

    private static Reply handled(ApiRequest request, Handler handler) {
        try {
            return handler.handle(request);
        } catch (InputProblem e) {
            return new Reply(e.kind().status, "application/json", Map.of("error", e.getMessage(), "field", e.field()));
        } catch (NotFound e) {
            return error(404, e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IllegalStateException e) {
            return error(409, e.getMessage());
        } catch (PsaException e) {
            return error(502, (e.outcome() == PsaException.Outcome.MISCONFIGURED ? "the PSA refused this service's settings"
                    + " (an operator must fix them): " : "the PSA did not answer as expected: ") + e.getMessage());
        } catch (StoreException e) {
            String state = e.getCause() instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
            String reason = e.getCause() == null ? "" : e.getCause().getMessage().lines().findFirst().orElse("");
            if (state.startsWith("22") || state.equals("54000")) {
                // a value PostgreSQL cannot hold (data exception, too large to index): the client's to fix
                return error(400, "a value cannot be stored: " + reason);
            }
            if (state.equals("23503")) { // the request names something that does not exist
                return error(400, "refers to something that does not exist: " + reason);
            }
            if (state.equals("23505")) { // it exists already, and only once may it
                return error(409, "already exists: " + reason);
            }
            LOG.error("REST call failed", e);
            return error(500, "internal error");
        } catch (Exception e) {
            LOG.error("REST call failed", e);
            return error(500, "internal error");
        }
    }

    private static Reply error(int status, String message) {
        return new Reply(status, "application/json", Map.of("error", message == null ? "error" : message));
    }

    /** Something named by the request does not exist. */
    public static final class NotFound extends RuntimeException {
        public NotFound(String message) {
            super(message);
        }
    }
}

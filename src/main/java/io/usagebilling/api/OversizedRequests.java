package io.usagebilling.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body past the HTTP server's limit ({@code camel.server.max-body-size}) is refused by
 * Vert.x before any route sees it, and by default logged as an ERROR "Unhandled exception in router"
 * each time: a log flood anyone can cause, signed or not. Answered here instead: 413 with the JSON
 * reason, and one warning line.
 */
public final class OversizedRequests implements StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(OversizedRequests.class);
    private static final int PAYLOAD_TOO_LARGE = 413;

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // the server's router exists once the context has started, and only when the server is enabled
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        for (VertxPlatformHttpRouter router : context.getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            answer(router, router.getServer().getMaxBodySize());
        }
    }

    private static void answer(Router router, Long maxBytes) {
        String reason = "request body is larger than " + maxBytes + " bytes";
        String body = new ObjectMapper().createObjectNode().put("error", reason).toString();
        // a failure handler on every path: the routes' own failures reach it, and an error handler of
        // this (sub-)router would not (Vert.x hands a sub-router's unhandled failure to the main router)
        router.route().failureHandler(routing -> {
            if (routing.statusCode() != PAYLOAD_TOO_LARGE) {
                routing.next();
                return;
            }
            LOG.warn("refused {} {} from {}: {} (413)", routing.request().method(), routing.request().path(),
                    routing.request().remoteAddress(), reason);
            if (!routing.response().ended()) {
                routing.response().setStatusCode(PAYLOAD_TOO_LARGE).putHeader("Content-Type", "application/json")
                        .end(body);
            }
        });
    }
}

package io.usagebilling.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The HTTP server's address must be free before start-up: Vert.x only logs a failed bind, and the
 * service would run on without its API, console and callbacks (a second run on the same port).
 */
final class HttpPortFree {

    private HttpPortFree() {}

    static void require(PropertiesComponent properties) {
        if (!properties.resolveProperty("camel.server.enabled").map(Boolean::parseBoolean).orElse(false)) {
            return;
        }
        String host = properties.resolveProperty("camel.server.host").orElse("0.0.0.0");
        int port = Integer.parseInt(properties.resolveProperty("camel.server.port").orElse("8080"));
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException(host + ":" + port + " is in use, so the HTTP server (API, console, callbacks)"
                    + " cannot start there: is another run up? Set BILLING_HTTP_PORT (camel.server.port) to a free port", e);
        }
    }
}

package io.usagebilling.sim.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sandbox pushes a day only once the service's routes answer. Seen: started before the service (as the
 * README has it), it pushed on the HTTP server's first answer, a 404 while the routes were still starting,
 * and its first callback's 404 stopped all its pushing.
 */
class SandboxReadinessTest {

    @Test
    void onlyTheHealthRoutesOwnAnswerSaysTheServiceIsUp() throws Exception {
        AtomicInteger status = new AtomicInteger(404);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(Sandbox.serviceAnswers(url)).as("listening, routes not started").isFalse();
            status.set(503);
            assertThat(Sandbox.serviceAnswers(url)).as("up, some check failing").isTrue();
            status.set(200);
            assertThat(Sandbox.serviceAnswers(url)).isTrue();
        } finally {
            server.stop(0);
        }
        assertThat(Sandbox.serviceAnswers("http://127.0.0.1:" + server.getAddress().getPort())).as("not listening").isFalse();
    }
}

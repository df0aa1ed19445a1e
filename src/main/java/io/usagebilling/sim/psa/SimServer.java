package io.usagebilling.sim.psa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** A PSA simulator's HTTP side: a started server on 127.0.0.1 that counts requests and sends each reply. */
public final class SimServer {

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();

    public SimServer(String name, Function<HttpExchange, Reply> replies) {
        this(name, 4, replies);
    }

    /** {@code threads}: requests answered side by side (a simulated delay must not hold the others up). */
    public SimServer(String name, int threads, Function<HttpExchange, Reply> replies) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the " + name + " simulator to 127.0.0.1", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + "-sim");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                PsaSimHttp.send(exchange, replies.apply(exchange));
            } catch (IOException e) {
                // the client went away
            }
        });
        server.start();
    }

    /** http://127.0.0.1:PORT */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long requestCount() {
        return requests.get();
    }

    public void stop() {
        server.stop(0);
    }
}

package io.usagebilling.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP forwarder between a client and a simulator that records every request and answer,
 * so contract tests can check the real wire of both sides without a hook in either. Answers have the
 * target's origin replaced by the forwarder's (URLs a server hands out, like a zone's or a next
 * page's, lead back through it); the record keeps them as the target sent them.
 */
public final class RecordingForwarder implements AutoCloseable {

    /** One request and its answer; {@code status} -1 when the target closed the connection unanswered. */
    public record Exchange(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
            int status, Map<String, List<String>> answerHeaders, String answerBody) {

        /** Header maps keyed case-insensitively, as HTTP names are. */
        public Exchange {
            requestHeaders = caseInsensitive(requestHeaders);
            answerHeaders = caseInsensitive(answerHeaders);
        }

        private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return Collections.unmodifiableMap(copy);
        }
    }

    /** Headers the JDK client sets itself (it refuses them) or that describe one hop only. */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "date", "keep-alive");

    private final String targetOrigin;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "recording-forwarder");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Exchange> exchanges = new ArrayList<>();

    /** Forwards to the origin (scheme, host, port) of {@code target}. */
    public RecordingForwarder(URI target) {
        targetOrigin = target.getScheme() + "://" + target.getRawAuthority();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the recording forwarder to 127.0.0.1", e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                forward(exchange);
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

    /** Everything recorded so far, in the order the answers came. */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void forward(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = URI.create(targetOrigin + exchange.getRequestURI().toString());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<String> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            record(new Exchange(method, uri, exchange.getRequestHeaders(), body, -1, Map.of(), null));
            return; // closing unanswered passes the dropped connection on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        record(new Exchange(method, uri, exchange.getRequestHeaders(), body, answer.statusCode(),
                answer.headers().map(), answer.body()));
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes = answer.body().replace(targetOrigin, origin()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private synchronized void record(Exchange exchange) {
        exchanges.add(exchange);
    }
}

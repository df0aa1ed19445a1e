package io.usagebilling.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.intake.CallbackSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A module pushing its usage to {@code POST /callbacks/{module}}, signed as CallbackIntake expects. */
public final class CallbackClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    /** @param baseUrl the application's HTTP address, e.g. http://127.0.0.1:8080 */
    public CallbackClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Posts the day's usage; returns the response body, or throws unless the answer is 202. */
    public String push(String module, String secret, LocalDate day, List<ModuleUsageGenerator.Usage> usage) {
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode records = batch.putArray("records");
        for (ModuleUsageGenerator.Usage u : usage) {
            records.addObject().put("recordId", u.recordId()).put("orgId", u.orgId()).put("orgName", u.orgName())
                    .put("billingType", u.billingType()).put("assetId", u.assetId()).put("quantity", u.quantity())
                    .put("usageDate", day.toString());
        }
        return post(module, secret, batch);
    }

    /** Says the day is complete with no (more) usage: {@code {"records":[],"completeDays":[day]}}. */
    public String completeDay(String module, String secret, LocalDate day) {
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("records");
        batch.putArray("completeDays").add(day.toString());
        return post(module, secret, batch);
    }

    private String post(String module, String secret, ObjectNode batch) {
        HttpResponse<String> response = send(module, secret, batch.toString().getBytes(StandardCharsets.UTF_8));
        if (response.statusCode() != 202) {
            throw new IllegalStateException("callback " + module + " answered " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** Posts a batch as it is, signed now; returns the answer, whatever its status. */
    public HttpResponse<String> send(String module, String secret, byte[] body) {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/callbacks/" + module))
                .header("Content-Type", "application/json")
                .header(CallbackSignature.TIMESTAMP_HEADER, timestamp)
                .header(CallbackSignature.SIGNATURE_HEADER, CallbackSignature.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

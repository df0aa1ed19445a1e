package io.usagebilling.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders the simulator's JSON bodies: Datto RMM v2 sites pages, tokens and errors. */
final class DattoRmmPageJson {

    private static final JsonFactory JSON = new JsonFactory();

    private DattoRmmPageJson() {}

    /**
     * One page of the snapshot. Beyond the last page the sites list is empty and nextPageUrl null;
     * page links are absolute and keep the caller's {@code max}, as Datto's do.
     */
    static String page(DattoRmmSimulator.Snapshot snapshot, int page, int max, String sitesUrl) {
        int total = snapshot.size();
        long from = Math.min((long) page * max, total); // long: page * max may overflow int
        int to = (int) Math.min(from + max, total);
        String prev = page > 0 ? sitesUrl + "?page=" + (page - 1) + "&max=" + max : null;
        String next = to < total ? sitesUrl + "?page=" + (page + 1) + "&max=" + max : null;
        return write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("pageDetails");
            json.writeNumberField("count", to - from);
            json.writeNumberField("totalCount", total);
            json.writeStringField("prevPageUrl", prev);
            json.writeStringField("nextPageUrl", next);
            json.writeEndObject();
            json.writeArrayFieldStart("sites");
            List<DattoRmmSimulator.Site> listed = snapshot.listed();
            for (int i = (int) from; i < to; i++) {
                if (i < listed.size()) {
                    writeSite(json, listed.get(i));
                } else {
                    json.writeRawValue(snapshot.rawSites().get(i - listed.size())); // verbatim, maybe malformed
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** A token endpoint's answer, with RFC 6749's fields. */
    static String token(String accessToken, long expiresInSeconds) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("access_token", accessToken);
            json.writeStringField("token_type", "bearer");
            json.writeNumberField("expires_in", expiresInSeconds);
            json.writeEndObject();
        });
    }

    static String error(String message) {
        return write(json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    private static void writeSite(JsonGenerator json, DattoRmmSimulator.Site site) throws IOException {
        int online = site.numberOfDevices() * 4 / 5; // a plausible, deterministic split
        json.writeStartObject();
        json.writeNumberField("id", site.id());
        json.writeStringField("uid", site.uid());
        json.writeStringField("name", site.name());
        json.writeStringField("description", "Managed site for " + site.name());
        json.writeBooleanField("onDemand", false);
        json.writeObjectFieldStart("devicesStatus");
        json.writeNumberField("numberOfDevices", site.numberOfDevices());
        json.writeNumberField("numberOfOnlineDevices", online);
        json.writeNumberField("numberOfOfflineDevices", site.numberOfDevices() - online);
        json.writeEndObject();
        json.writeEndObject();
    }

    private interface JsonBody {
        void writeTo(JsonGenerator json) throws IOException;
    }

    private static String write(JsonBody body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.writeTo(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail; kept honest
        }
        return out.toString();
    }
}

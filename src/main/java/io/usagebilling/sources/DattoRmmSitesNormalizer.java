package io.usagebilling.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Normalizes one page of Datto RMM {@code GET /api/v2/account/sites} into canonical usage records:
 * one record per site, quantity = {@code devicesStatus.numberOfDevices}, billing type "devices".
 *
 * <p>Bad sites are rejected one by one (quarantine keeps their JSON text exactly as received); a
 * page that is not valid JSON, or has no "sites" array, throws {@link IllegalArgumentException} so
 * the caller quarantines the whole page instead of silently billing part of it.
 */
public final class DattoRmmSitesNormalizer implements PageNormalizer {

    public static final String MODULE = "datto-rmm";
    public static final String BILLING_TYPE = "devices";

    /** A 250-site page is ~100 KB; anything far bigger is a broken or hostile server. */
    static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    @Override
    public String module() {
        return MODULE;
    }

    /**
     * @param pageJson  the response body of one page (UTF-8); read fully, not closed
     * @param usageDate the sync's tenant-local day: a sites snapshot carries no date of its own
     */
    @Override
    public SourcePage normalize(InputStream pageJson, LocalDate usageDate) {
        Objects.requireNonNull(pageJson, "pageJson");
        Objects.requireNonNull(usageDate, "usageDate");
        String text = readUtf8(pageJson);
        List<UsageRecord> records = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        String nextPageUrl = null;
        boolean sawSites = false;
        boolean sawPageDetails = false;
        // Parsing from a String gives char offsets, which let us keep each site's text verbatim.
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalidPage("page is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("sites")) {
                    if (sawSites) {
                        throw invalidPage("page has more than one \"sites\" field");
                    }
                    sawSites = true;
                    if (value != JsonToken.START_ARRAY) {
                        throw invalidPage("\"sites\" is not an array but " + value);
                    }
                    readSites(parser, text, usageDate, records, rejected);
                } else if (field.equals("pageDetails")) {
                    if (sawPageDetails) {
                        throw invalidPage("page has more than one \"pageDetails\" field");
                    }
                    sawPageDetails = true;
                    nextPageUrl = nextPageUrlOf(parser, value);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw invalidPage("page has content after its JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("page is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen reading a String; kept honest
        }
        if (!sawSites) {
            throw invalidPage("page has no \"sites\" array");
        }
        return new SourcePage(records, rejected, nextPageUrl);
    }

    private static void readSites(JsonParser parser, String text, LocalDate usageDate,
                                  List<UsageRecord> records, List<RejectedRecord> rejected) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            DattoRmmSiteRules.Outcome outcome = DattoRmmSiteRules.normalize(rawValue(parser, token, text), usageDate);
            if (outcome.record() != null) {
                records.add(outcome.record());
            } else {
                rejected.add(outcome.rejection());
            }
        }
    }

    /** The current value's JSON text as received; the parser ends on the value's last token. */
    private static String rawValue(JsonParser parser, JsonToken token, String text) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            int start = Math.toIntExact(parser.currentTokenLocation().getCharOffset());
            parser.skipChildren(); // also checks the syntax of everything inside
            int end = Math.toIntExact(parser.currentTokenLocation().getCharOffset()) + 1;
            return text.substring(start, end);
        }
        if (token == JsonToken.VALUE_STRING) {
            return MAPPER.writeValueAsString(parser.getText());
        }
        return parser.getText(); // number, true, false or null: the token text is the JSON text
    }

    private static String nextPageUrlOf(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw invalidPage("\"pageDetails\" is not an object but " + value);
        }
        JsonNode details = MAPPER.readTree(parser);
        JsonNode next = details.get("nextPageUrl");
        if (next == null || next.isNull()) {
            return null;
        }
        if (!next.isTextual()) {
            throw invalidPage("pageDetails.nextPageUrl is not a string: " + next);
        }
        String url = next.textValue();
        if (url.isBlank()) {
            return null;
        }
        PageUrls.requireAbsoluteHttpUrl(url, "pageDetails.nextPageUrl");
        return url;
    }

    /** Strict UTF-8 (RFC 8259): a broken byte would otherwise turn into U+FFFD in an org name. */
    private static String readUtf8(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_PAGE_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Datto RMM sites page", e);
        }
        if (bytes.length > MAX_PAGE_BYTES) {
            throw invalidPage("page is larger than " + MAX_PAGE_BYTES + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalidPage("page is not valid UTF-8: " + e);
        }
    }

    private static IllegalArgumentException invalidPage(String reason) {
        return new IllegalArgumentException(reason);
    }
}

package io.usagebilling.intake.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Normalizes one page of any module's JSON usage API by its {@link JsonShape}: one canonical record
 * per element of the records array, plus the next page's link or cursor.
 *
 * <p>Bad records are rejected one by one (quarantine keeps their JSON text exactly as received); a
 * page that is not valid JSON, or has no records array, throws {@link IllegalArgumentException} so
 * the caller quarantines the whole page instead of silently billing part of it.
 */
public final class JsonPageNormalizer {

    /** A 250-record page is ~100 KB; anything far bigger is a broken or hostile server. */
    static final int MAX_PAGE_BYTES = 16 * 1024 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    private final JsonShape shape;
    private final JsonRecordRules rules;
    private final JsonRecordReader reader;
    private final String[] recordsPath;
    /** The dot paths of the next link and the cursor; the page's values there are kept while it is read. */
    private final List<String[]> pagingPaths = new ArrayList<>();

    public JsonPageNormalizer(JsonShape shape) {
        this.shape = shape;
        this.rules = new JsonRecordRules(shape);
        this.reader = new JsonRecordReader(shape);
        this.recordsPath = shape.recordsPath().split("\\.");
        for (String path : new String[] {shape.nextLinkField(), shape.cursorField()}) {
            if (path != null) {
                pagingPaths.add(path.split("\\."));
            }
        }
    }

    /**
     * Reads the page once, as a stream: each record's fields straight from the page's parser (its
     * text is cut from the page only to be kept in quarantine or read again), and the paging fields
     * are kept on the way; nothing else of the page is held.
     *
     * @param pageJson the response body of one page (UTF-8); read fully, not closed
     * @param syncDay  the sync's tenant-local day, for records that carry no date of their own
     */
    public SourcePage normalize(InputStream pageJson, LocalDate syncDay) {
        Objects.requireNonNull(pageJson, "pageJson");
        try {
            return normalizeBody(pageJson.readNBytes(MAX_PAGE_BYTES + 1), syncDay);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a " + shape.module() + " page", e);
        }
    }

    /** As {@link #normalize(InputStream, LocalDate)}, of a body already read. */
    public SourcePage normalizeBody(byte[] page, LocalDate syncDay) {
        Objects.requireNonNull(page, "page");
        Objects.requireNonNull(syncDay, "syncDay");
        if (page.length > MAX_PAGE_BYTES) {
            throw invalidPage("page is larger than " + MAX_PAGE_BYTES + " bytes");
        }
        StrictUtf8.check(page, "page"); // only the check: the parser reads the bytes
        Records records = new Records();
        ObjectNode paging = MAPPER.createObjectNode();
        // Parsed from the bytes (Jackson's fastest parser), whose offsets let quarantine keep a record's text verbatim.
        try (JsonParser parser = JSON.createParser(page)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw invalidPage("page is not a JSON object");
            }
            if (!readObject(parser, page, 0, syncDay, records, paging)) {
                throw invalidPage("page has no \"" + shape.recordsPath() + "\" array");
            }
            if (parser.nextToken() != null) {
                throw invalidPage("page has content after its JSON object");
            }
            return new SourcePage(records.valid, records.rejected, records.leftOut, nextLink(paging), cursor(paging));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("page is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen reading a String; kept honest
        }
    }

    /**
     * Reads the object the parser is in, at {@code depth} along the records path: descends along it,
     * keeps in {@code paging} (at the same place) what lies on a paging path, skips the rest; true
     * once the records were read.
     */
    private boolean readObject(JsonParser parser, byte[] page, int depth, LocalDate syncDay, Records records,
                               ObjectNode paging)
            throws IOException {
        boolean found = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            boolean onPath = name.equals(recordsPath[depth]);
            JsonToken value = parser.nextToken();
            if (!onPath) {
                if (onPagingPath(depth, name)) {
                    paging.set(name, MAPPER.readTree(parser));
                } else {
                    parser.skipChildren();
                }
                continue;
            }
            if (found) {
                throw invalidPage("page has more than one \"" + name + "\" field");
            }
            found = true;
            if (depth == recordsPath.length - 1) {
                if (value != JsonToken.START_ARRAY) {
                    throw invalidPage("\"" + shape.recordsPath() + "\" is not an array but " + value);
                }
                readRecords(parser, page, syncDay, records);
            } else if (value != JsonToken.START_OBJECT
                    || !readObject(parser, page, depth + 1, syncDay, records, paging.putObject(name))) {
                throw invalidPage("page has no \"" + shape.recordsPath() + "\" array");
            }
        }
        return found;
    }

    /** Whether a field at {@code depth}, under the records path's first steps, lies on a paging path. */
    private boolean onPagingPath(int depth, String name) {
        for (String[] path : pagingPaths) {
            if (path.length > depth && path[depth].equals(name)
                    && Arrays.equals(path, 0, depth, recordsPath, 0, depth)) {
                return true;
            }
        }
        return false;
    }

    /** A page's records so far: valid, rejected, and how many were left out (JsonShape.skipOrgName). */
    private static final class Records {
        final List<UsageRecord> valid = new ArrayList<>();
        final List<RejectedRecord> rejected = new ArrayList<>();
        int leftOut;

        void add(JsonRecordRules.Outcome outcome) {
            if (outcome == JsonRecordRules.Outcome.LEFT_OUT) {
                leftOut++;
            } else if (outcome.record() != null) {
                valid.add(outcome.record());
            } else {
                rejected.add(outcome.rejection());
            }
        }
    }

    private void readRecords(JsonParser parser, byte[] page, LocalDate syncDay, Records records) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            records.add(token == JsonToken.START_OBJECT
                    ? readRecord(parser, page, syncDay)
                    : rules.normalize(rawValue(parser, token, page), syncDay));
        }
    }

    /**
     * A record object, read from the page's parser without a tree; one the streaming read cannot stand
     * for, or that the rules reject, is read again as a tree from its text, so every outcome and reason
     * is the tree's. The parser ends on the record's last token.
     */
    private JsonRecordRules.Outcome readRecord(JsonParser parser, byte[] page, LocalDate syncDay) throws IOException {
        int start = offset(parser);
        JsonRecordRules.Fields fields = reader.read(parser);
        int end = offset(parser) + 1;
        // a valid record's text is not needed: cut only for quarantine
        Supplier<String> raw = () -> utf8(page, start, end);
        if (fields != null) {
            JsonRecordRules.Outcome outcome = rules.normalize(fields, raw, syncDay);
            if (outcome.rejection() == null) {
                return outcome;
            }
        }
        try (JsonParser record = JSON.createParser(page, start, end - start)) {
            return rules.normalize(JsonRecordRules.RECORD_READER.<JsonNode>readValue(record), raw, syncDay);
        } catch (MismatchedInputException duplicateField) {
            return rules.duplicateField(duplicateField, raw.get());
        }
    }

    /** The current value's JSON text as received; the parser ends on the value's last token. */
    private static String rawValue(JsonParser parser, JsonToken token, byte[] page) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            int start = offset(parser);
            parser.skipChildren(); // also checks the syntax of everything inside
            return utf8(page, start, offset(parser) + 1);
        }
        if (token == JsonToken.VALUE_STRING) {
            return MAPPER.writeValueAsString(parser.getText());
        }
        return parser.getText(); // number, true, false or null: the token text is the JSON text
    }

    /** Where the current token starts in the page's bytes. */
    private static int offset(JsonParser parser) {
        return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    }

    private static String utf8(byte[] page, int start, int end) {
        return new String(page, start, end - start, StandardCharsets.UTF_8);
    }

    private String nextLink(JsonNode page) {
        String url = pagingText(page, shape.nextLinkField());
        if (url != null) {
            PageUrls.requireAbsoluteHttpUrl(url, shape.nextLinkField());
        }
        return url;
    }

    private String cursor(JsonNode page) {
        return pagingText(page, shape.cursorField());
    }

    /** A paging field's text; missing, null or blank means this is the last page. */
    private static String pagingText(JsonNode page, String path) {
        if (path == null) {
            return null;
        }
        JsonNode node = page;
        for (String step : path.split("\\.")) {
            if (node.isMissingNode() || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                throw invalidPage("\"" + path + "\": " + step + "'s parent is not an object but " + node.getNodeType());
            }
            node = node.path(step);
        }
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalidPage(path + " is not a string: " + node);
        }
        return node.textValue().isBlank() ? null : node.textValue();
    }

    private static IllegalArgumentException invalidPage(String reason) {
        return new IllegalArgumentException(reason);
    }
}

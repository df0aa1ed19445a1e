package io.usagebilling.sim.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The benchmark's baseline, the practical limit of this machine: the same pages fetched over the same
 * loopback HTTP, read with Jackson's streaming parser and loaded with PostgreSQL {@code COPY} into a
 * plain table, with no validation, mapping or quantities. One COPY streams every page as it arrives.
 */
final class CopyBaseline {

    static final String TABLE = "bench_copy";
    private static final JsonFactory JSON = new JsonFactory();
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema ROW = CsvSchema.builder().addColumn("module_id").addColumn("org_id")
            .addColumn("org_name").addColumn("billing_type").addColumn("asset_id").addColumn("quantity")
            .addColumn("usage_date").addColumn("source_record_id").build();

    private final DataSource dataSource;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String apiKey;

    CopyBaseline(DataSource dataSource, String apiKey) {
        this.dataSource = dataSource;
        this.apiKey = apiKey;
    }

    /** Loads every page from each first page URL, following the next links; returns the rows copied. */
    long load(List<String> firstPages, List<String> modules, LocalDate usageDate) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (module_id text, org_id text, org_name text,"
                        + " billing_type text, asset_id text, quantity numeric(18, 4), usage_date date, source_record_id text)");
                s.execute("TRUNCATE " + TABLE);
            }
            PGCopyOutputStream copy = new PGCopyOutputStream(c.unwrap(PGConnection.class),
                    "COPY " + TABLE + " FROM STDIN (FORMAT csv)");
            try {
                // closing the generator flushes its last rows into the COPY, which stays open to be ended
                try (CsvGenerator rows = (CsvGenerator) CSV.getFactory().createGenerator(copy)) {
                    rows.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                    rows.setSchema(ROW);
                    for (int m = 0; m < modules.size(); m++) {
                        String url = firstPages.get(m);
                        while (url != null) {
                            url = copyPage(url, modules.get(m), usageDate.toString(), rows);
                        }
                    }
                }
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    /** Copies one page's items; returns the next page's URL or null. */
    private String copyPage(String url, String module, String day, CsvGenerator rows) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).header(GeneratedUsageApi.API_KEY_HEADER, apiKey)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted fetching " + url, e);
        }
        String next = null;
        try (InputStream body = response.body(); JsonParser page = JSON.createParser(body)) {
            if (response.statusCode() != 200 || page.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(url + ": HTTP " + response.statusCode() + ", not a page");
            }
            while (page.nextToken() == JsonToken.FIELD_NAME) {
                String field = page.currentName();
                page.nextToken();
                if (field.equals("data")) {
                    copyItems(page, module, day, rows);
                } else if (field.equals("links")) {
                    next = nextLink(page);
                } else {
                    page.skipChildren();
                }
            }
        }
        return next;
    }

    /** {@code "data": {"items": [...]}}, the parser on the data object's start. */
    private static void copyItems(JsonParser page, String module, String day, CsvGenerator rows) throws IOException {
        while (page.nextToken() == JsonToken.FIELD_NAME) {
            boolean items = page.currentName().equals("items");
            if (page.nextToken() != JsonToken.START_ARRAY || !items) {
                page.skipChildren();
                continue;
            }
            while (page.nextToken() == JsonToken.START_OBJECT) {
                copyItem(page, module, day, rows);
            }
        }
    }

    private static void copyItem(JsonParser item, String module, String day, CsvGenerator rows) throws IOException {
        String orgId = null;
        String orgName = null;
        String sku = null;
        String quantity = null;
        String assetId = null;
        while (item.nextToken() == JsonToken.FIELD_NAME) {
            String field = item.currentName();
            JsonToken value = item.nextToken();
            switch (field) {
                case "tenant" -> {
                    while (item.nextToken() == JsonToken.FIELD_NAME) {
                        String name = item.currentName();
                        item.nextToken();
                        if (name.equals("id")) {
                            orgId = item.getText();
                        } else if (name.equals("name")) {
                            orgName = item.getText();
                        } else {
                            item.skipChildren();
                        }
                    }
                }
                case "sku" -> sku = item.getText();
                case "quantity" -> quantity = value.isNumeric() ? item.getText() : null;
                case "assetId" -> assetId = item.getText();
                default -> item.skipChildren();
            }
        }
        rows.writeStartArray();
        for (String v : new String[] {module, orgId, orgName, sku, assetId, quantity, day, assetId}) {
            rows.writeString(v == null ? "" : v); // COPY reads an unquoted empty field as NULL
        }
        rows.writeEndArray();
    }

    private static String nextLink(JsonParser links) throws IOException {
        String next = null;
        while (links.nextToken() == JsonToken.FIELD_NAME) {
            String field = links.currentName();
            JsonToken value = links.nextToken();
            if (field.equals("next") && value == JsonToken.VALUE_STRING) {
                next = links.getText();
            } else {
                links.skipChildren();
            }
        }
        return next;
    }
}

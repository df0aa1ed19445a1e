package io.usagebilling.intake.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Normalizes a module's CSV drop file (UTF-8, a header row naming the columns) by its
 * {@link JsonShape}, whose field names are the column names: each row goes through the same rules as
 * a JSON record. A row that breaks a rule, or has more or fewer cells than the header, is rejected
 * with its line number. The file is read as a stream and handed on in batches of rows, so a file of
 * any size takes bounded memory; a file that cannot be read as CSV or UTF-8 (from the row where it
 * breaks on), or lacks a column the shape needs, throws {@link IllegalArgumentException} with the
 * reason, after the batches before it were handed on.
 */
public final class CsvDropNormalizer {

    /** One batch of rows: its records and rejections as a page, and per rejected row {@code line,"reason"} (for the sidecar). */
    public record Result(SourcePage page, List<String> rejectedLines) {}

    /** Takes each batch as it is read (stores it, before the next is read). */
    @FunctionalInterface
    public interface Batches {
        void accept(Result batch) throws IOException;
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonShape shape;
    private final JsonRecordRules rules;
    private final ObjectReader reader;

    public CsvDropNormalizer(JsonShape shape, char separator) {
        this.shape = shape;
        this.rules = new JsonRecordRules(shape);
        this.reader = new CsvMapper().readerForListOf(String.class)
                .with(CsvSchema.emptySchema().withColumnSeparator(separator))
                .with(CsvParser.Feature.WRAP_AS_ARRAY);
    }

    /** Reads the file, handing {@code batches} every {@code batchRows} rows and the rest at the end; returns the number of rows. */
    public long normalize(InputStream file, LocalDate syncDay, int batchRows, Batches batches) throws IOException {
        long rowsRead = 0;
        long line = 1;
        List<UsageRecord> records = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (MappingIterator<List<String>> rows = reader.readValues(strictUtf8(file))) {
            if (!rows.hasNextValue()) {
                throw new IllegalArgumentException("the file has no header row");
            }
            List<String> header = rows.nextValue().stream().map(String::strip).toList();
            requireColumns(header);
            while (rows.hasNextValue()) {
                // The row's first line: the parser stands at the end of the row before (the location after a
                // row is the next line, except for a last row without a line break).
                line = rows.getParser().currentTokenLocation().getLineNr() + 1;
                List<String> cells = rows.nextValue();
                ObjectNode row = toNode(header, cells);
                JsonRecordRules.Outcome outcome = cells.size() == header.size()
                        ? rules.normalize(row, row::toString, syncDay)
                        : new JsonRecordRules.Outcome(null, new RejectedRecord(shape.module(), null,
                                "row has " + cells.size() + " cells, the header " + header.size(), String.join(",", cells)));
                if (outcome.record() != null) {
                    records.add(outcome.record());
                } else {
                    rejected.add(outcome.rejection());
                    lines.add(line + ",\"" + outcome.rejection().reason().replace("\"", "\"\"") + "\"");
                }
                if (++rowsRead % batchRows == 0) {
                    batches.accept(new Result(new SourcePage(records, rejected, null, null), lines));
                    records.clear();
                    rejected.clear();
                    lines.clear();
                }
            }
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof CharacterCodingException) { // the reader runs ahead of the rows: "beyond"
                throw new IllegalArgumentException("the file is not valid UTF-8 beyond line " + line, e);
            }
            throw new IllegalArgumentException("not a readable CSV file after line " + line + ": " + e.getOriginalMessage(), e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the file is not valid UTF-8 beyond line " + line, e);
        } catch (RuntimeJsonMappingException e) {
            throw new IllegalArgumentException("not a readable CSV file after line " + line + ": " + e.getMessage(), e);
        }
        if (!records.isEmpty() || !rejected.isEmpty()) {
            batches.accept(new Result(new SourcePage(records, rejected, null, null), lines));
        }
        return rowsRead;
    }

    /** Strict UTF-8 (a broken byte would otherwise become U+FFFD in an org name); a byte order mark is skipped. */
    private static Reader strictUtf8(InputStream file) throws IOException {
        BufferedReader text = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        text.mark(1);
        if (text.read() != '\uFEFF') { // Excel's "CSV UTF-8" begins with one: not part of the first column's name
            text.reset();
        }
        return text;
    }

    /** Every column the shape needs must be in the header, and none it reads twice, or no row could be right. */
    private void requireColumns(List<String> header) {
        Stream.of(shape.orgIdField(), shape.quantityField(), shape.billingTypeField(), shape.usageDateField())
                .filter(column -> column != null && !header.contains(column))
                .findFirst()
                .ifPresent(column -> {
                    throw new IllegalArgumentException("the header has no column '" + column + "'");
                });
        for (String column : new String[] {shape.orgIdField(), shape.orgNameField(), shape.quantityField(),
                shape.billingTypeField(), shape.usageDateField(), shape.assetIdField(), shape.recordIdField()}) {
            int first = column == null ? -1 : header.indexOf(column);
            int second = first < 0 ? -1 : header.subList(first + 1, header.size()).indexOf(column);
            if (second >= 0) {
                throw new IllegalArgumentException("the header names column '" + column + "' twice (columns " + (first + 1)
                        + " and " + (first + second + 2) + "): which one is meant?");
            }
        }
    }

    /** Cells are text, except a numeric quantity, so the quantity rules see a number as in JSON. */
    private ObjectNode toNode(List<String> header, List<String> cells) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < Math.min(header.size(), cells.size()); i++) {
            String value = cells.get(i);
            if (value.isBlank()) {
                node.putNull(header.get(i));
            } else if (header.get(i).equals(shape.quantityField())) {
                node.set(header.get(i), number(value));
            } else {
                node.put(header.get(i), value);
            }
        }
        return node;
    }

    private static JsonNode number(String value) {
        try {
            return NODES.numberNode(new BigDecimal(value.strip()));
        } catch (NumberFormatException e) {
            return NODES.textNode(value);
        }
    }
}

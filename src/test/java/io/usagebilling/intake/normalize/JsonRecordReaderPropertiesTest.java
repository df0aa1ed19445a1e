package io.usagebilling.intake.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.support.Gens;
import io.usagebilling.support.PollSourceShapes;
import io.usagebilling.support.Properties;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * A page's records are read without a tree ({@link JsonRecordReader}); whatever a record holds (fields
 * given twice, nulls, objects or arrays where a value belongs, numbers of every kind), each must come
 * out exactly as the tree reads it on its own: the same record, or the same rejection and reason.
 */
class JsonRecordReaderPropertiesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    /** The bench's shape (data.items, tenant.id and tenant.name, sku, quantity, assetId). */
    private static JsonShape benchShape(boolean wholeUnits) {
        return new JsonShape("acme-edr", "data.items", "tenant.id", "tenant.name", "Deleted Devices", "sku", null,
                "quantity", wholeUnits, new BigDecimal("1000000"), "assetId", null, null, "links.next", null,
                Set.of("devices", "storage_gb"));
    }

    @Test
    void everyRecordIsReadAsTheTreeReadsIt() {
        Gen<String> records = Gens.oneOf(record(List.of("tenant", "sku", "quantity", "assetId", "other"), 6), likelyValid());
        for (JsonShape shape : List.of(benchShape(false), benchShape(true))) {
            check(shape, records);
        }
        JsonShape datto = PollSourceShapes.shape("datto-rmm");
        check(datto, record(List.of("uid", "name", "devicesStatus", "accountUid", "other"), 6));
    }

    private static void check(JsonShape shape, Gen<String> records) {
        JsonRecordRules tree = new JsonRecordRules(shape);
        JsonPageNormalizer normalizer = new JsonPageNormalizer(shape);
        Properties.checkList(Properties.qt(300), Gens.lists(records, 1, 12), "record", Properties.unchecked(list -> {
            SourcePage page = normalizer.normalize(new ByteArrayInputStream(page(shape.recordsPath(), list)), DAY);
            List<Object> expected = new ArrayList<>();
            for (String record : list) {
                JsonRecordRules.Outcome outcome = tree.normalize(record, DAY);
                if (outcome != JsonRecordRules.Outcome.LEFT_OUT) {
                    expected.add(outcome.record() != null ? outcome.record() : outcome.rejection());
                }
            }
            List<Object> actual = new ArrayList<>();
            actual.addAll(page.records());
            actual.addAll(page.rejected());
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(page.records()).containsExactlyElementsOf(
                    expected.stream().filter(o -> !(o instanceof RejectedRecord)).map(UsageRecord.class::cast).toList());
        }));
    }

    private static byte[] page(String recordsPath, List<String> records) {
        String page = "[" + String.join(",", records) + "]";
        String[] steps = recordsPath.split("\\.");
        for (int i = steps.length - 1; i >= 0; i--) {
            page = "{\"" + steps[i] + "\":" + page + "}";
        }
        return page.getBytes(StandardCharsets.UTF_8);
    }

    /** The bench's fields in place, most values usable, sometimes one more field. */
    private static Gen<String> likelyValid() {
        Gen<String> ids = Gens.of("\"t1\"", "\"t-2\"", "42", "\"Acme\"");
        Gen<String> quantities = Gens.of("0", "12", "12.50", "1.0000", "3.25", "0.0", "1e3", "2.5e1", "12.123456", "-1");
        Gen<String> extra = Gens.of("", ",\"extra\":{\"a\":1,\"b\":[1.5,{\"c\":null}]}", ",\"sku\":\"devices\"",
                ",\"tenant\":{\"id\":\"t1\"}", ",\"n\":1e5");
        return ids.zip(Gens.of("\"Acme Dental\"", "\"Deleted Devices\"", "null", "7"), Gens.of("\"devices\"", "\"storage_gb\""),
                (id, name, sku) -> "{\"tenant\":{\"id\":" + id + ",\"name\":" + name + "},\"sku\":" + sku)
                .zip(quantities, ids, extra, (head, q, asset, more) -> head + ",\"quantity\":" + q + ",\"assetId\":" + asset
                        + more + "}");
    }

    /** An object of up to {@code fields} fields named from {@code names} (so some given twice). */
    private static Gen<String> record(List<String> names, int fields) {
        Gen<String> field = Gens.of(names.toArray(String[]::new)).zip(value(2), (n, v) -> "\"" + n + "\":" + v);
        return Gens.lists(field, 0, fields).map(f -> f.stream().collect(Collectors.joining(",", "{", "}")));
    }

    private static Gen<String> value(int depth) {
        Gen<String> scalar = Gens.of("\"devices\"", "\"storage_gb\"", "\"pc-1\"", "\"Acme Dental\"", "\"Deleted Devices\"",
                "\"\"", "\"  \"", "\"a\\u0000b\"", "\"" + "x".repeat(201) + "\"", "\"2026-11-22\"", "null", "true", "false",
                "0", "12", "-3", "2147483648", "99999999999999999999999", "12.50", "1.0000", "0.0", "-0.0", "1e3", "1E-7",
                "2.5e1", "12.123456", "1000000.5", "3.25", "7");
        if (depth == 0) {
            return scalar;
        }
        Gen<String> inner = value(depth - 1);
        Gen<String> object = Gens.of("id", "name", "numberOfDevices", "x").zip(inner, (n, v) -> "\"" + n + "\":" + v);
        Gen<String> objects = Gens.lists(object, 0, 3).map(f -> f.stream().collect(Collectors.joining(",", "{", "}")));
        Gen<String> arrays = Gens.lists(inner, 0, 2).map(v -> v.stream().collect(Collectors.joining(",", "[", "]")));
        return Gens.frequency(Pair.of(6, scalar), Pair.of(3, objects),
                Pair.of(1, arrays));
    }
}

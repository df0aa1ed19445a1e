package io.usagebilling.intake.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.support.Gens;
import io.usagebilling.support.PollSourceShapes;
import io.usagebilling.support.Properties;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * For any well-formed page, whatever junk its sites hold: normalize never throws, every site ends
 * up either as a record or a rejection, and every valid site is a record with its exact count.
 */
class DattoRmmSitesNormalizerPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final LocalDate DAY = LocalDate.of(2026, 2, 28);

    /** A generated site and what should become of it: the expected uid/quantity, or null if rejected. */
    record SiteCase(JsonNode json, String expectedUid, BigDecimal expectedQuantity) {
        boolean valid() {
            return expectedQuantity != null;
        }
    }

    /** One way of filling a field: what it does to the site and whether the site can stay valid. */
    record Variant(Consumer<ObjectNode> apply, boolean valid, String value, BigDecimal quantity) {}

    @Test
    void everySiteIsExactlyARecordOrARejection() {
        Properties.checkList(Properties.qt(400), pages(), "site", Properties.unchecked(sites -> {
            ArrayNode array = NODES.arrayNode();
            sites.forEach(site -> array.add(site.json()));
            ObjectNode page = NODES.objectNode();
            page.putObject("pageDetails").put("count", sites.size()).putNull("nextPageUrl");
            page.set("sites", array);
            byte[] body = MAPPER.writeValueAsString(page).getBytes(StandardCharsets.UTF_8);

            SourcePage result = PollSourceShapes.normalizer("datto-rmm").normalize(new ByteArrayInputStream(body), DAY);

            assertThat(result.records().size() + result.rejected().size()).isEqualTo(sites.size());
            List<SiteCase> valid = sites.stream().filter(SiteCase::valid).toList();
            assertThat(result.records()).extracting(UsageRecord::orgId)
                    .containsExactlyElementsOf(valid.stream().map(SiteCase::expectedUid).toList());
            assertThat(result.records()).extracting(UsageRecord::quantity)
                    .containsExactlyElementsOf(valid.stream().map(SiteCase::expectedQuantity).toList());
            assertThat(result.records()).allSatisfy(record -> {
                assertThat(record.usageDate()).isEqualTo(DAY);
                assertThat(record.sourceRecordId()).isEqualTo(record.orgId());
                assertThat(record.orgName()).isNotBlank();
            });
            // Quarantine keeps each rejected site's own JSON text (as the same mapper wrote it), in page order.
            List<String> rejectedSites = new ArrayList<>();
            for (SiteCase site : sites) {
                if (!site.valid()) {
                    rejectedSites.add(MAPPER.writeValueAsString(site.json()));
                }
            }
            assertThat(result.rejected()).extracting(RejectedRecord::payload).containsExactlyElementsOf(rejectedSites);
            assertThat(result.rejected()).allSatisfy(rejected -> assertThat(rejected.reason()).isNotBlank());
        }));
    }

    private static Gen<List<SiteCase>> pages() {
        Gen<SiteCase> objectSite = uids().zip(names(), counts(), (uid, name, count) -> {
            ObjectNode site = NODES.objectNode();
            site.put("id", 1);
            uid.apply().accept(site);
            name.apply().accept(site);
            count.apply().accept(site);
            boolean valid = uid.valid() && count.valid();
            return new SiteCase(site, valid ? uid.value() : null, valid ? count.quantity() : null);
        });
        Gen<SiteCase> notAnObject = Gens.<JsonNode>of(
                        NODES.numberNode(7), NODES.textNode("site"), NODES.nullNode(), NODES.booleanNode(true),
                        NODES.arrayNode().add(1), NODES.arrayNode())
                .map(json -> new SiteCase(json, null, null));
        return Gens.lists(Gens.frequency(
                        Pair.of(12, objectSite),
                        Pair.of(1, notAnObject)),
                0, 30);
    }

    private static Gen<Variant> uids() {
        // a NUL cannot be stored (PostgreSQL text), so an id holding one is a rejection, never altered
        Gen<Variant> valid = unicode(1, 60).assuming(uid -> !uid.isBlank())
                .map(uid -> uid.indexOf('\0') >= 0 ? invalid(site -> site.put("uid", uid))
                        : new Variant(site -> site.put("uid", uid), true, uid, null));
        Gen<Variant> tooLong = unicode(201, 260).map(uid -> invalid(site -> site.put("uid", uid)));
        Gen<Variant> blank = Gens.of("", " ", "\t\n", "   ").map(uid -> invalid(site -> site.put("uid", uid)));
        // Integral ids are ids too (many module APIs number their organizations); fractions are not.
        Gen<Variant> integral = Gens.longs()
                .map(n -> new Variant(site -> site.put("uid", n), true, String.valueOf(n), null));
        Gen<Variant> wrongType = Gens.doubles(0.1, 0.9).map(n -> invalid(site -> site.put("uid", n)));
        Gen<Variant> absent = Gens.of(
                invalid(site -> {}), invalid(site -> site.putNull("uid")), invalid(site -> site.put("uid", false)));
        return Gens.frequency(
                Pair.of(8, valid), Pair.of(1, tooLong),
                Pair.of(1, blank), Pair.of(1, integral), Pair.of(1, wrongType),
                Pair.of(1, absent));
    }

    /** Names never decide validity: blank, missing or odd names fall back to the uid. */
    private static Gen<Variant> names() {
        Gen<Variant> text = unicode(0, 80).map(name -> valid(site -> site.put("name", name)));
        Gen<Variant> odd = Gens.of(
                valid(site -> {}), valid(site -> site.putNull("name")), valid(site -> site.put("name", 42)),
                valid(site -> site.putArray("name")));
        return Gens.oneOf(text, text, odd);
    }

    private static Gen<Variant> counts() {
        Gen<Variant> validCount = Gens.ints(0, 1_000_000)
                .map(n -> new Variant(site -> devices(site).put("numberOfDevices", n), true, null, BigDecimal.valueOf(n)));
        Gen<Variant> negative = Gens.longs(Long.MIN_VALUE, -1)
                .map(n -> invalid(site -> devices(site).put("numberOfDevices", n)));
        Gen<Variant> huge = Gens.bigIntegers(BigInteger.valueOf(1_000_001), BigInteger.TEN.pow(40))
                .map(n -> invalid(site -> devices(site).put("numberOfDevices", n)));
        Gen<Variant> fractional = Gens.ints(-1000, 1000)
                .map(n -> invalid(site -> devices(site).put("numberOfDevices", new BigDecimal(n + ".5"))));
        Gen<Variant> wrongType = Gens.of(
                invalid(site -> devices(site).put("numberOfDevices", "twelve")),
                invalid(site -> devices(site).put("numberOfDevices", "12")),
                invalid(site -> devices(site).put("numberOfDevices", true)),
                invalid(site -> devices(site).putNull("numberOfDevices")),
                invalid(site -> devices(site).putArray("numberOfDevices").add(3)),
                invalid(site -> devices(site).put("numberOfOnlineDevices", 3)),
                invalid(site -> site.put("devicesStatus", 12)),
                invalid(site -> site.putNull("devicesStatus")),
                invalid(site -> {}));
        return Gens.frequency(
                Pair.of(8, validCount), Pair.of(1, negative),
                Pair.of(1, huge), Pair.of(1, fractional),
                Pair.of(2, wrongType));
    }

    /** Strings over the whole BMP minus surrogates, sometimes with an astral emoji. */
    private static Gen<String> unicode(int minLength, int maxLength) {
        Gen<String> bmp = Gens.strings(Gens.chars('\u0000', '\uD7FF', '\uE000', '\uFFFD'), minLength, maxLength);
        return Gens.oneOf(bmp, bmp.map(s -> s.isEmpty() ? s : s.substring(1) + "\uD83E\uDDB7"));
    }

    private static ObjectNode devices(ObjectNode site) {
        return site.putObject("devicesStatus");
    }

    private static Variant valid(Consumer<ObjectNode> apply) {
        return new Variant(apply, true, null, null);
    }

    private static Variant invalid(Consumer<ObjectNode> apply) {
        return new Variant(apply, false, null, null);
    }
}

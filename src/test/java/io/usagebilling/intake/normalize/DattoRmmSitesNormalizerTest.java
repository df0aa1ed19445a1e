package io.usagebilling.intake.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.support.PollSourceShapes;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DattoRmmSitesNormalizerTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 14);
    private final JsonPageNormalizer normalizer = PollSourceShapes.normalizer("datto-rmm");

    static SourcePage normalize(String pageJson) {
        return PollSourceShapes.normalizer("datto-rmm").normalize(
                new ByteArrayInputStream(pageJson.getBytes(StandardCharsets.UTF_8)), DAY);
    }

    static String page(String... sites) {
        return "{\"pageDetails\":{\"count\":" + sites.length + ",\"nextPageUrl\":null},\"sites\":["
                + String.join(",", sites) + "]}";
    }

    static String site(String uid, String name, String numberOfDevices) {
        return "{\"id\":1,\"uid\":\"" + uid + "\",\"name\":\"" + name + "\",\"onDemand\":false,"
                + "\"devicesStatus\":{\"numberOfDevices\":" + numberOfDevices + ",\"numberOfOnlineDevices\":0}}";
    }

    @Test
    void validPageBecomesOneDevicesRecordPerSite() {
        String json = "{\"pageDetails\":{\"count\":2,\"totalCount\":7,\"prevPageUrl\":null,"
                + "\"nextPageUrl\":\"https://pinotage-api.centrastage.net/api/v2/account/sites?page=1&max=2\"},"
                + "\"sites\":[" + site("3b0c8c1e-aaaa", "Acme Corp - Main", "12") + ","
                + site("9f1d-bbbb", "Zenith Law", "0") + "]}";

        SourcePage page = normalize(json);

        assertThat(page.rejected()).isEmpty();
        assertThat(page.records()).containsExactly(
                new UsageRecord("datto-rmm", "3b0c8c1e-aaaa", "Acme Corp - Main", "devices", null,
                        new BigDecimal("12"), DAY, "3b0c8c1e-aaaa"),
                new UsageRecord("datto-rmm", "9f1d-bbbb", "Zenith Law", "devices", null,
                        BigDecimal.ZERO, DAY, "9f1d-bbbb"));
        assertThat(page.nextPageUrl())
                .isEqualTo("https://pinotage-api.centrastage.net/api/v2/account/sites?page=1&max=2");
    }

    @Test
    void theDeletedDevicesPseudoSiteIsLeftOutNotRejected() {
        SourcePage page = normalize(page(site("dd-uid", "Deleted Devices", "14"), site("u1", "Deleted Devices Ltd", "2")));

        assertThat(page.records()).extracting(UsageRecord::orgId).containsExactly("u1");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.leftOut()).isEqualTo(1);
        assertThat(page.size()).as("a page of left-out sites is not an empty page").isEqualTo(2);
    }

    @Test
    void usageDateIsTheOnePassedIn() {
        SourcePage page = normalizer.normalize(
                new ByteArrayInputStream(page(site("u1", "A", "3")).getBytes(StandardCharsets.UTF_8)),
                LocalDate.of(2027, 1, 1));
        assertThat(page.records()).singleElement()
                .extracting(UsageRecord::usageDate).isEqualTo(LocalDate.of(2027, 1, 1));
    }

    @Test
    void blankOrMissingOrNonStringNameFallsBackToUid() {
        SourcePage page = normalize(page(
                site("u1", "   ", "1"),
                "{\"uid\":\"u2\",\"devicesStatus\":{\"numberOfDevices\":2}}",
                "{\"uid\":\"u3\",\"name\":42,\"devicesStatus\":{\"numberOfDevices\":3}}"));
        assertThat(page.records()).extracting(UsageRecord::orgName).containsExactly("u1", "u2", "u3");
    }

    @Test
    void boundariesZeroAndTheSanityMaximumAreAccepted() {
        SourcePage page = normalize(page(site("u0", "Zero", "0"), site("umax", "Max", "1000000")));
        assertThat(page.records()).extracting(UsageRecord::quantity)
                .containsExactly(new BigDecimal("0"), new BigDecimal("1000000"));
    }

    @Test
    void integralDecimalNotationIsTheSameCountWithScaleZero() {
        SourcePage page = normalize(page(site("u1", "A", "12.0"), site("u2", "B", "1.2e1")));
        assertThat(page.records()).extracting(UsageRecord::quantity)
                .containsExactly(new BigDecimal("12"), new BigDecimal("12"));
    }

    @Test
    void unknownFieldsAreIgnoredAnywhere() {
        String json = "{\"extra\":{\"a\":[1,2,{}]},\"sites\":[{\"uid\":\"u1\",\"new\":[true],"
                + "\"devicesStatus\":{\"numberOfDevices\":5,\"x\":{}}}],\"tail\":null}";
        assertThat(normalize(json).records()).singleElement()
                .extracting(UsageRecord::quantity).isEqualTo(new BigDecimal("5"));
    }

    @Test
    void rejectedPayloadIsTheSiteTextExactlyAsReceived() {
        String raw = "{ \"uid\" : \"ü-1\",\n  \"name\":\"Café 🦷 \\u00e9\", \"devicesStatus\" : {\"numberOfDevices\":-1.50E0} }";
        SourcePage page = normalize("{\"sites\":[ " + site("ok", "🦷 Dental", "1") + " ,\n" + raw + " ]}");

        assertThat(page.records()).extracting(UsageRecord::orgName).containsExactly("🦷 Dental");
        assertThat(page.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.payload()).isEqualTo(raw);
            assertThat(rejected.module()).isEqualTo("datto-rmm");
            assertThat(rejected.sourceRecordId()).isEqualTo("ü-1");
        });
    }

    @Test
    void siteThatIsNotAnObjectIsRejectedWithItsOwnText() {
        SourcePage page = normalize(page("42", "\"a \\\"quoted\\\" site\"", "[1,2]", "null", "true"));
        assertThat(page.records()).isEmpty();
        assertThat(page.rejected()).extracting(RejectedRecord::payload)
                .containsExactly("42", "\"a \\\"quoted\\\" site\"", "[1,2]", "null", "true");
        assertThat(page.rejected()).allSatisfy(rejected -> {
            assertThat(rejected.reason()).startsWith("record is not a JSON object");
            assertThat(rejected.sourceRecordId()).isNull();
        });
    }

    @Test
    void emptySitesArrayIsAnEmptyPage() {
        SourcePage page = normalize("{\"pageDetails\":{\"nextPageUrl\":null},\"sites\":[]}");
        assertThat(page.records()).isEmpty();
        assertThat(page.rejected()).isEmpty();
        assertThat(page.nextPageUrl()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"sites\":[]}",
        "{\"pageDetails\":null,\"sites\":[]}",
        "{\"pageDetails\":{},\"sites\":[]}",
        "{\"pageDetails\":{\"nextPageUrl\":null},\"sites\":[]}",
        "{\"pageDetails\":{\"nextPageUrl\":\"  \"},\"sites\":[]}",
    })
    void missingNullOrBlankNextPageUrlMeansLastPage(String json) {
        assertThat(normalize(json).nextPageUrl()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/api/v2/account/sites?page=1&max=250",
        "ftp://example.com/api/v2/account/sites",
        "javascript:alert(1)",
        "http://",
        "http://exa mple.com/x",
        "http://user:pw@example.com/api/v2/account/sites",
    })
    void nextPageUrlThatIsNotAnAbsoluteHttpUrlFailsThePage(String url) {
        assertThatThrownBy(() -> normalize("{\"pageDetails\":{\"nextPageUrl\":\"" + url + "\"},\"sites\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextPageUrl");
    }

    @Test
    void nextPageUrlThatIsNotAStringFailsThePage() {
        assertThatThrownBy(() -> normalize("{\"pageDetails\":{\"nextPageUrl\":7},\"sites\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextPageUrl is not a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "{",
        "{\"sites\":[{\"uid\":\"u1\"}",
        "[]",
        "{}",
        "{\"pageDetails\":{\"nextPageUrl\":null}}",
        "{\"sites\":null}",
        "{\"sites\":{\"uid\":\"u1\"}}",
        "{\"sites\":\"[]\"}",
        "{\"sites\":[],\"sites\":[]}",
        "{\"sites\":[]} trailing",
        "{\"sites\":[]}{\"sites\":[]}",
        "{\"pageDetails\":[],\"sites\":[]}",
        "{\"sites\":[{\"uid\":\"u1\",}]}",
    })
    void malformedPageThrowsSoTheCallerQuarantinesIt(String json) {
        assertThatThrownBy(() -> normalize(json)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pageThatIsNotUtf8Throws() {
        byte[] latin1 = page(site("u1", "Café", "1")).getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> normalizer.normalize(new ByteArrayInputStream(latin1), DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void aReplacementCharacterSentAsValidUtf8IsKept() {
        // U+FFFD is how the lenient decoder marks broken bytes; sent on purpose, it is only a character
        SourcePage page = normalizer.normalize(new ByteArrayInputStream(
                page(site("u1", "Caf\uFFFD", "1")).getBytes(StandardCharsets.UTF_8)), DAY);
        assertThat(page.records()).extracting(UsageRecord::orgName).containsExactly("Caf\uFFFD");
    }

    @Test
    void nullArgumentsAreProgrammingErrors() {
        assertThatThrownBy(() -> normalizer.normalize(null, DAY)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> normalizer.normalize(new ByteArrayInputStream(new byte[0]), null))
                .isInstanceOf(NullPointerException.class);
    }
}

package io.usagebilling.intake.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.domain.RejectedRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a single site can be wrong: rejected alone, with a reason naming field and value. */
class DattoRmmSiteRejectionTest {

    private static final String LONG_UID = "u".repeat(201);

    static Stream<Arguments> badSites() {
        return Stream.of(
                bad("{\"name\":\"No Uid\",\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is missing", null),
                bad("{\"uid\":null,\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is missing", null),
                bad("{\"uid\":\"\",\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is blank: \"\"", null),
                bad("{\"uid\":\"  \\t\",\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is blank", null),
                bad("{\"uid\":true,\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is not a string: true", null),
                bad("{\"uid\":{\"v\":1},\"devicesStatus\":{\"numberOfDevices\":1}}", "uid is not a string: {\"v\":1}", null),
                bad("{\"uid\":\"" + LONG_UID + "\",\"devicesStatus\":{\"numberOfDevices\":1}}",
                        "uid is longer than 200 characters (201)", null),
                bad("{\"uid\":\"u1\",\"name\":\"No Status\"}", "devicesStatus is missing", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":null}", "devicesStatus is missing", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":12}", "devicesStatus is not an object: 12", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{}}", "devicesStatus.numberOfDevices is missing", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":null}}",
                        "devicesStatus.numberOfDevices is missing", "u1"),
                bad("{\"uid\":\"x\",\"name\":\"Broken\",\"devicesStatus\":{\"numberOfDevices\":\"twelve\"}}",
                        "devicesStatus.numberOfDevices is not an integral number: \"twelve\"", "x"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":\"12\"}}",
                        "devicesStatus.numberOfDevices is not an integral number: \"12\"", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":3.5}}",
                        "devicesStatus.numberOfDevices is not an integral number: 3.5", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":true}}",
                        "devicesStatus.numberOfDevices is not an integral number: true", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":[12]}}",
                        "devicesStatus.numberOfDevices is not an integral number: [12]", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":-1}}",
                        "devicesStatus.numberOfDevices is negative: -1", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":1000001}}",
                        "devicesStatus.numberOfDevices is above the sanity maximum 1000000: 1000001", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":99999999999999999999999999}}",
                        "devicesStatus.numberOfDevices is above the sanity maximum 1000000", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":1e400}}",
                        "devicesStatus.numberOfDevices is above the sanity maximum 1000000", "u1"),
                bad("{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":1,\"numberOfDevices\":900}}",
                        "record has a duplicate field", null),
                bad("{\"uid\":\"u1\",\"uid\":\"u2\",\"devicesStatus\":{\"numberOfDevices\":1},\"tags\":[{\"a\":[1]}]}",
                        "record has a duplicate field", null));
    }

    private static Arguments bad(String siteJson, String reason, String sourceRecordId) {
        return Arguments.of(siteJson, reason, sourceRecordId);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSites")
    void badSiteIsRejectedAloneWithAClearReason(String siteJson, String reason, String sourceRecordId) {
        String good = DattoRmmSitesNormalizerTest.site("good", "Good Co", "4");
        SourcePage page = DattoRmmSitesNormalizerTest.normalize(DattoRmmSitesNormalizerTest.page(good, siteJson, good));

        assertThat(page.records()).hasSize(2); // the neighbours are unaffected
        assertThat(page.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.reason()).startsWith(reason);
            assertThat(rejected.sourceRecordId()).isEqualTo(sourceRecordId);
            assertThat(rejected.payload()).isEqualTo(siteJson);
            assertThat(rejected.module()).isEqualTo("datto-rmm");
        });
    }

    @Test
    void reasonIsShortEvenForAbsurdValues() {
        String absurd = "{\"uid\":\"u1\",\"devicesStatus\":{\"numberOfDevices\":\"" + "x".repeat(10_000) + "\"}}";
        RejectedRecord rejected = DattoRmmSitesNormalizerTest.normalize(DattoRmmSitesNormalizerTest.page(absurd))
                .rejected().get(0);
        assertThat(rejected.reason()).hasSizeLessThan(200);
        assertThat(rejected.payload()).isEqualTo(absurd);
    }
}

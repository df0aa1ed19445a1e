package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSignatureTest {

    private static final byte[] BODY = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_790_000_000L);

    @Test
    void knownVector() {
        // printf '1790000000.{"records":[]}' | openssl dgst -sha256 -hmac s3cret
        assertThat(CallbackSignature.sign("s3cret", "1790000000", BODY))
                .isEqualTo("a91f0093bc93f67194d49d061ff15ee6a8ed04e48009eeb8d0ba665edaa470ad");
    }

    @Test
    void freshAndRightIsAcceptedInEitherHexCase() {
        String sig = CallbackSignature.sign("s3cret", "1790000000", BODY);
        assertThat(CallbackSignature.problem("s3cret", "1790000000", sig, BODY, NOW)).isNull();
        assertThat(CallbackSignature.problem("s3cret", "1790000000", sig.toUpperCase(), BODY, NOW)).isNull();
    }

    @Test
    void everyWayToBeWrongIsNamed() {
        String ts = "1790000000";
        String sig = CallbackSignature.sign("s3cret", ts, BODY);
        assertThat(CallbackSignature.problem("other", ts, sig, BODY, NOW)).isEqualTo("signature does not match");
        assertThat(CallbackSignature.problem("s3cret", ts, sig, "{\"records\":[ ]}".getBytes(StandardCharsets.UTF_8), NOW))
                .as("one changed byte").isEqualTo("signature does not match");
        assertThat(CallbackSignature.problem("s3cret", ts, sig, BODY, NOW.plusSeconds(301)))
                .isEqualTo("timestamp is more than 5 minutes from now");
        assertThat(CallbackSignature.problem("s3cret", ts, sig, BODY, NOW.minusSeconds(301)))
                .as("from the future").isEqualTo("timestamp is more than 5 minutes from now");
        assertThat(CallbackSignature.problem("s3cret", ts, sig, BODY, NOW.plusSeconds(300))).isNull();
        assertThat(CallbackSignature.problem("s3cret", "soon", sig, BODY, NOW)).isEqualTo("timestamp is not Unix seconds");
        assertThat(CallbackSignature.problem("s3cret", null, sig, BODY, NOW)).isEqualTo("missing signature or timestamp header");
        assertThat(CallbackSignature.problem("s3cret", ts, "zz", BODY, NOW)).isEqualTo("signature does not match");
    }
}

package io.usagebilling.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A module's callback signature: {@code hex(HMAC-SHA256(secret, timestamp + "." + body))} over the
 * raw body bytes, with the timestamp in Unix seconds. A timestamp further than the allowed skew from
 * now is refused, so a captured request cannot be replayed later (and the replay memory only needs to
 * cover the skew window).
 */
public final class CallbackSignature {

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    public static final String TIMESTAMP_HEADER = "X-Usage-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Usage-Signature";

    private CallbackSignature() {}

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Null when the signature is valid and fresh, else why the request is refused. */
    public static String problem(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || signature == null) {
            return "missing signature or timestamp header";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "timestamp is not Unix seconds";
        }
        // compared in seconds: an absurd timestamp (Long.MAX_VALUE) is beyond any Instant, not an error
        if (Math.abs((double) seconds - now.getEpochSecond()) > MAX_SKEW.toSeconds()) {
            return "timestamp is more than " + MAX_SKEW.toMinutes() + " minutes from now";
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        // Constant time: how much of a guess matched must not show in the response time.
        if (!MessageDigest.isEqual(expected, signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return "signature does not match";
        }
        return null;
    }
}

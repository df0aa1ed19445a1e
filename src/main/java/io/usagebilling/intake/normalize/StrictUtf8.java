package io.usagebilling.intake.normalize;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 (RFC 8259 for JSON, and our CSV drops): a broken byte would otherwise become U+FFFD in an org name. */
final class StrictUtf8 {

    private StrictUtf8() {}

    /** Throws unless {@code bytes} are strict UTF-8; ASCII (no byte from 0x80), the usual page, without decoding it. */
    static void check(byte[] bytes, String what) {
        for (byte b : bytes) {
            if (b < 0) {
                decode(bytes, what);
                return;
            }
        }
    }

    /** @param what names the input in the error, e.g. "page" */
    static String decode(byte[] bytes, String what) {
        String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return lenient; // the lenient decoder puts U+FFFD for every broken byte: none, nothing was broken
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8: " + e);
        }
    }
}

package io.dbagent.jdbc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict {@code %XX} decoding of URL parts. {@link java.net.URLDecoder} puts the offending text into its exception
 * message, and a URL's user info holds a password: this decoder fails with {@link Malformed}, which carries no text
 * at all, so no caller can leak a fragment of the secret by printing it. {@code +} stays a plus sign (passwords
 * contain them; only form encoding turns {@code +} into a space). Invalid UTF-8 after decoding is malformed too.
 */
final class PercentDecoder {

    /** The part is not valid percent-encoded UTF-8. Deliberately without a message. */
    static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private PercentDecoder() {
    }

    static String decode(String s) throws Malformed {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new Malformed();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Malformed();
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
                i++;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Malformed();
        }
    }

    /** For parameter names, which are never secret: the decoded form, or the text itself if it does not decode. */
    static String decodeQuietly(String s) {
        try {
            return decode(s);
        } catch (Malformed e) {
            return s;
        }
    }
}

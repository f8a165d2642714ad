package io.dbagent.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from any text before it reaches a user: passwords in URLs ({@code user:secret@host}),
 * in key/value parameters ({@code password=secret}) and every password we have been given in this process.
 */
public final class Redactor {

    private static final Set<String> KNOWN_SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern USERINFO = Pattern.compile("(://[^/:@\\s]*:)[^@\\s/]*@");
    private static final Pattern KEY_VALUE = Pattern.compile("(?i)((?:password|passwd|pwd|pass)\\s*[=:]\\s*)([^&;\\s,'\"]+)");

    private Redactor() {
    }

    /** Remembers a secret so that {@link #redact(String)} removes it even where no pattern would find it. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 3) {
            KNOWN_SECRETS.add(secret);
        }
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = USERINFO.matcher(text).replaceAll("$1***@");
        out = KEY_VALUE.matcher(out).replaceAll("$1***");
        for (String secret : KNOWN_SECRETS) {
            out = out.replace(secret, "***");
        }
        return out;
    }
}

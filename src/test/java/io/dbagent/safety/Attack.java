package io.dbagent.safety;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the attack corpus: {@code id<TAB>surface<TAB>payload}. The payload uses {@code \n}, {@code \t} and
 * {@code \\} escapes and {@code ${name}} placeholders that the engine's world fills in just before the attack runs
 * (the victim's pid changes whenever an attack manages to kill it). Blank lines and lines starting with {@code #}
 * are comments.
 */
record Attack(String id, String surface, String payload, String source) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    /** The attacks of a corpus resource, e.g. {@code attacks/postgres.tsv}. */
    static List<Attack> load(String resource) {
        InputStream in = Attack.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("attack corpus " + resource + " is missing from the test resources");
        }
        List<Attack> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 3);
                if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                    throw new IllegalStateException(resource + ":" + n + ": expected id<TAB>surface<TAB>payload: " + line);
                }
                if (!ids.add(parts[0])) {
                    throw new IllegalStateException(resource + ":" + n + ": duplicate attack id " + parts[0]);
                }
                if (!Surfaces.NAMES.contains(parts[1])) {
                    throw new IllegalStateException(resource + ":" + n + ": unknown surface '" + parts[1] + "' (known: "
                            + Surfaces.NAMES + ")");
                }
                out.add(new Attack(parts[0], parts[1], unescape(parts[2]), resource + ":" + n));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The payload with every placeholder filled; an unknown placeholder is a corpus error, not a silent blank. */
    String expand(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(payload);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException(source + ": placeholder ${" + m.group(1) + "} has no value on this engine "
                        + "(known: " + values.keySet() + ")");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case 'n' -> { sb.append('\n'); i++; }
                    case 't' -> { sb.append('\t'); i++; }
                    case '\\' -> { sb.append('\\'); i++; }
                    default -> sb.append(c); // a lone backslash is part of the SQL (backslash-quote tricks)
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return id + " [" + surface + "]";
    }
}

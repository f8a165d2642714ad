package io.dbagent.design.normalize;

import io.dbagent.DbAgentException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code R(A, B, C)} and {@code A, B -> C} as written in textbooks. Where every attribute name is one
 * character, {@code AB -> C} also works. Every mistake is reported in one line that names the FD and where it came
 * from ({@code --fd #2}, {@code file.fd line 4}).
 */
public final class FdParser {

    /** One piece of text and where the user wrote it, for error messages. */
    public record Source(String text, String where) {
    }

    private static final Pattern RELATION = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_$]*)\\s*\\((.*)\\)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$#]*");

    private FdParser() {
    }

    /** Parses the relation and its FDs given separately (the {@code --relation} / {@code --fd} options). */
    public static Relation parse(Source relation, List<Source> fds) {
        Relation r = parseRelation(relation);
        List<Fd> parsed = new ArrayList<>();
        for (Source s : fds) {
            for (String piece : s.text().split(";")) {
                if (!piece.isBlank()) {
                    parsed.add(parseFd(r, piece.trim(), s.where()));
                }
            }
        }
        return r.withFds(parsed);
    }

    /**
     * The {@code --file} form: the relation on the first line that is not blank or a {@code #} comment, then FDs,
     * one or more per line separated by {@code ;}.
     */
    public static Relation parseFile(String content, String fileName) {
        Source relation = null;
        List<Source> fds = new ArrayList<>();
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Source s = new Source(line, fileName + " line " + (i + 1));
            if (relation == null) {
                relation = s;
            } else {
                fds.add(s);
            }
        }
        if (relation == null) {
            throw DbAgentException.badInput(fileName + ": no relation found (expected a first line like R(A, B, C))");
        }
        return parse(relation, fds);
    }

    static Relation parseRelation(Source s) {
        String text = s.text().strip();
        String name = "R";
        String body = text;
        Matcher m = RELATION.matcher(text);
        if (m.matches()) {
            name = m.group(1);
            body = m.group(2);
        } else if (text.contains("(") || text.contains(")")) {
            throw DbAgentException.badInput("relation '" + text + "' (" + s.where()
                    + "): expected NAME(A, B, C) with balanced parentheses");
        }
        List<String> attrs = new ArrayList<>();
        for (String tok : body.split("[,\\s]+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (!NAME.matcher(tok).matches()) {
                throw DbAgentException.badInput("relation '" + text + "' (" + s.where() + "): '" + tok
                        + "' is not an attribute name (letters, digits, _ and #, starting with a letter)");
            }
            if (attrs.contains(tok)) {
                throw DbAgentException.badInput("relation '" + text + "' (" + s.where() + "): attribute '" + tok
                        + "' is listed twice");
            }
            attrs.add(tok);
        }
        if (attrs.isEmpty()) {
            throw DbAgentException.badInput("relation '" + text + "' (" + s.where() + ") has no attributes");
        }
        if (attrs.size() > Relation.MAX_ATTRIBUTES) {
            throw DbAgentException.badInput("relation '" + name + "' (" + s.where() + ") has " + attrs.size()
                    + " attributes; at most " + Relation.MAX_ATTRIBUTES + " are supported");
        }
        return new Relation(name, attrs, List.of());
    }

    /** An attribute set such as {@code A,B} (for {@code --closure}). */
    public static long attributeSet(Relation r, String text, String where) {
        return side(r, text, text, where, "attribute set");
    }

    static Fd parseFd(Relation r, String text, String where) {
        String t = text.replace("→", "->");
        int arrow = t.indexOf("->");
        if (arrow < 0) {
            throw bad(text, where, "missing '->' (write an FD as A, B -> C)");
        }
        if (t.indexOf("->", arrow + 2) >= 0) {
            throw bad(text, where, "more than one '->' (write one FD per --fd, or separate FDs with ';')");
        }
        long lhs = side(r, t.substring(0, arrow), text, where, "left");
        long rhs = side(r, t.substring(arrow + 2), text, where, "right");
        return new Fd(lhs, rhs);
    }

    private static long side(Relation r, String part, String text, String where, String which) {
        String p = part.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1);
        }
        Set<String> names = new LinkedHashSet<>();
        for (String tok : p.split("[,\\s]+")) {
            if (!tok.isEmpty()) {
                names.addAll(resolve(r, tok, text, where));
            }
        }
        if (names.isEmpty()) {
            throw bad(text, where, which + "-hand side is empty");
        }
        return r.mask(names);
    }

    private static List<String> resolve(Relation r, String tok, String text, String where) {
        if (r.attributes().contains(tok)) {
            return List.of(tok);
        }
        boolean singleLetters = r.attributes().stream().allMatch(a -> a.length() == 1);
        if (singleLetters && tok.length() > 1) {
            List<String> out = new ArrayList<>();
            for (char c : tok.toCharArray()) {
                String a = String.valueOf(c);
                if (!r.attributes().contains(a)) {
                    throw bad(text, where, "attribute '" + a + "' is not in " + r.signature());
                }
                out.add(a);
            }
            return out;
        }
        throw bad(text, where, "attribute '" + tok + "' is not in " + r.signature());
    }

    private static DbAgentException bad(String fd, String where, String problem) {
        return DbAgentException.badInput("malformed FD '" + fd + "' (" + where + "): " + problem);
    }
}

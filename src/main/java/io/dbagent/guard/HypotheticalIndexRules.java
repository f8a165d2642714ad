package io.dbagent.guard;

import io.dbagent.DbAgentException;
import io.dbagent.guard.GuardLexer.Kind;
import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.guard.GuardLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a hypothetical index from untrusted text: exactly one {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT
 * EXISTS] [name] ON [ONLY] table [USING method] (col [ASC|DESC] [NULLS FIRST|LAST], …) [INCLUDE (col, …)]}, or the
 * short form {@code table(col, …)}. Default deny: anything else (a second statement, an expression or a function
 * call, a WHERE clause, options, strings, numbers) is refused with one line. The text is read under every real
 * lexing of the engine, and all of them must see the same tokens; only the names read here leave this class.
 */
final class HypotheticalIndexRules {

    private static final Set<String> METHODS = Set.of("btree", "hash", "brin", "bloom", "gist", "gin", "spgist");

    private final List<Token> t;
    private final String label;
    private int i;

    private HypotheticalIndexRules(List<Token> tokens, String label) {
        this.t = tokens;
        this.label = label;
    }

    static IndexSpec read(EngineGuard engine, String text) {
        if (text == null || text.isBlank()) {
            throw DbAgentException.badInput("empty hypothetical index: give CREATE INDEX … ON table (columns) or "
                    + "table(columns)");
        }
        String label = abbreviate(text);
        List<Token> primary = null;
        for (Mode m : engine.lexings()) {
            if (!m.real()) {
                continue;
            }
            List<Token> tokens = GuardLexer.tokenize(text, m);
            int statements = ReadRules.countStatements(tokens);
            if (statements != 1) {
                throw refuse(label, "one CREATE INDEX per hypothetical index, this text holds " + statements
                        + " statements");
            }
            if (tokens.stream().anyMatch(x -> x.kind() == Kind.UNICODE_IDENT)) {
                throw refuse(label, "U&\"…\" names spell a name with escapes this check cannot verify");
            }
            if (primary == null) {
                primary = tokens;
            } else if (!same(primary, tokens)) {
                throw refuse(label, "the text reads differently under the engine's string settings");
            }
        }
        List<Token> code = new ArrayList<>(primary);
        while (!code.isEmpty() && code.get(code.size() - 1).isPunct(";")) {
            code.remove(code.size() - 1);
        }
        return new HypotheticalIndexRules(code, label).parse();
    }

    private IndexSpec parse() {
        boolean unique = false;
        if (word("create")) {
            i++;
            if (word("unique")) {
                unique = true;
                i++;
            }
            expectWord("index");
            if (word("concurrently")) {
                i++;
            }
            if (word("if")) {
                i++;
                expectWord("not");
                expectWord("exists");
            }
            if (!word("on")) {
                name(); // the index's own name: hypothetical indexes get one from hypopg
            }
            expectWord("on");
            if (word("only")) {
                i++;
            }
        }
        IndexSpec.Name first = name();
        IndexSpec.Name schema = null;
        IndexSpec.Name table = first;
        if (punct(".")) {
            i++;
            schema = first;
            table = name();
        }
        String method = null;
        if (word("using")) {
            i++;
            method = name().text().toLowerCase(Locale.ROOT);
            if (!METHODS.contains(method)) {
                throw refuse(label, "unknown index method " + method + " (" + String.join(", ", METHODS.stream()
                        .sorted().toList()) + ")");
            }
        }
        List<IndexSpec.Key> keys = new ArrayList<>();
        expectPunct("(");
        do {
            IndexSpec.Name col = name();
            boolean desc = false;
            String nulls = null;
            if (word("asc") || word("desc")) {
                desc = word("desc");
                i++;
            }
            if (word("nulls")) {
                i++;
                if (!word("first") && !word("last")) {
                    throw refuse(label, "NULLS takes FIRST or LAST");
                }
                nulls = t.get(i++).text().toLowerCase(Locale.ROOT);
            }
            keys.add(new IndexSpec.Key(col, desc, nulls));
        } while (comma());
        expectPunct(")");
        List<IndexSpec.Name> include = new ArrayList<>();
        if (word("include")) {
            i++;
            expectPunct("(");
            do {
                include.add(name());
            } while (comma());
            expectPunct(")");
        }
        if (i < t.size()) {
            throw refuse(label, "only plain columns are supported (no expressions, WHERE, WITH or TABLESPACE), "
                    + "unexpected '" + t.get(i).text() + "'");
        }
        return new IndexSpec(schema, table, keys, include, unique, method);
    }

    private boolean comma() {
        if (punct(",")) {
            i++;
            return true;
        }
        return false;
    }

    private boolean word(String w) {
        return i < t.size() && t.get(i).isWord(w);
    }

    private boolean punct(String p) {
        return i < t.size() && t.get(i).isPunct(p);
    }

    private void expectWord(String w) {
        if (!word(w)) {
            throw refuse(label, "expected " + w.toUpperCase(Locale.ROOT) + (i < t.size() ? " at '" + t.get(i).text()
                    + "'" : " at the end"));
        }
        i++;
    }

    private void expectPunct(String p) {
        if (!punct(p)) {
            throw refuse(label, "expected '" + p + "'" + (i < t.size() ? " at '" + t.get(i).text() + "'"
                    : " at the end") + " (only plain columns are supported, no expressions)");
        }
        i++;
    }

    private IndexSpec.Name name() {
        if (i >= t.size()) {
            throw refuse(label, "a name is missing at the end");
        }
        Token x = t.get(i);
        if (x.kind() != Kind.WORD && x.kind() != Kind.QUOTED || x.text().isEmpty()
                || x.text().chars().anyMatch(ch -> ch < ' ')) {
            throw refuse(label, "expected a name at '" + x.text() + "'");
        }
        i++;
        return new IndexSpec.Name(x.text(), x.kind() == Kind.QUOTED);
    }

    private static boolean same(List<Token> a, List<Token> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int k = 0; k < a.size(); k++) {
            if (a.get(k).kind() != b.get(k).kind() || !a.get(k).text().equals(b.get(k).text())) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

    private static DbAgentException refuse(String label, String why) {
        return DbAgentException.badInput("refused hypothetical index '" + label + "': " + why);
    }
}

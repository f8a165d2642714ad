package io.dbagent.report;

import io.dbagent.health.HealthCheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the finding ids the main sources build, without running them: every {@code Finding.builder(…)} (and
 * {@code new Finding(…)}) site is resolved to the ids it can produce. A site is one of
 * <ul>
 *   <li>a literal: {@code Finding.builder("fk-without-index", …)};</li>
 *   <li>a health check: {@code Finding.builder(SLOW_QUERY.id(), …)}, or {@code check.id()} for a check passed in
 *       (then every {@link HealthCheck} counts);</li>
 *   <li>a parameter of the enclosing helper method ({@code blocking(String id, …)}): the ids are the literals its
 *       callers in the same file pass at that position, including {@code "prefix-" + v.kind()}, resolved through the
 *       literals given to the record with that {@code String kind} component; a caller that hands its own
 *       parameter on is followed to its callers in turn.</li>
 * </ul>
 * Any other shape is reported as unresolved, so a new construction pattern fails the test instead of hiding ids.
 */
final class FindingIdScanner {

    private static final Pattern SITE = Pattern.compile("(?:Finding\\.builder|new\\s+Finding)\\(\\s*");
    private static final Pattern LITERAL = Pattern.compile("\"([a-z0-9]+(?:-[a-z0-9]+)*)\"");
    private static final Pattern PREFIX = Pattern.compile("\"([a-z0-9-]+-)\"\\s*\\+\\s*(\\w+)\\.(\\w+)\\(\\)");
    private static final Pattern CONSTANT = Pattern.compile("(?:HealthCheck\\.)?([A-Z][A-Z0-9_]*)\\.id\\(\\)");
    private static final Pattern VARIABLE_ID = Pattern.compile("[a-z]\\w*\\.id\\(\\)");
    private static final Pattern PARAMETER = Pattern.compile("[a-z]\\w*");
    /** A method declaration, package-private ones included (a type, a name, the parameters, the body's brace). */
    private static final Pattern METHOD = Pattern.compile("(?m)^[ \\t]+(?:(?:private|public|protected|static|final)\\s+)*"
            + "(?:[A-Z][\\w<>\\[\\], .?]*|void|int|long|boolean|double)\\s+(\\w+)\\s*\\(([^()]*)\\)\\s*"
            + "(?:throws [\\w., ]+)?\\{");

    /** What the scan found: id → the files that build it, and the sites it could not resolve. */
    record Result(Map<String, Set<String>> ids, List<String> unresolved, int sites) {
    }

    private final Path root;
    private final Map<Path, String> sources = new LinkedHashMap<>();

    FindingIdScanner(Path srcMain) {
        this.root = srcMain;
        try (Stream<Path> files = Files.walk(srcMain)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                sources.put(p, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Result scan() {
        Map<String, Set<String>> ids = new TreeMap<>();
        List<String> unresolved = new ArrayList<>();
        int sites = 0;
        for (Map.Entry<Path, String> e : sources.entrySet()) {
            String file = root.relativize(e.getKey()).toString();
            String text = e.getValue();
            if (file.endsWith("report/Finding.java")) {
                continue; // the builder's own constructor call
            }
            Matcher m = SITE.matcher(text);
            while (m.find()) {
                sites++;
                String arg = firstArgument(text, m.end());
                List<String> found = resolve(text, m.start(), arg);
                if (found == null) {
                    unresolved.add(file + " line " + line(text, m.start()) + ": " + arg);
                } else {
                    found.forEach(id -> ids.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(file));
                }
            }
        }
        return new Result(ids, unresolved, sites);
    }

    /** Whether {@code "id"} occurs as a string literal in the main sources outside the registry itself. */
    boolean literalOccurs(String id) {
        String lit = "\"" + id + "\"";
        return sources.entrySet().stream()
                .filter(e -> !e.getKey().getFileName().toString().startsWith("FindingIds"))
                .anyMatch(e -> e.getValue().contains(lit));
    }

    private List<String> resolve(String text, int site, String arg) {
        Matcher lit = LITERAL.matcher(arg);
        if (lit.matches()) {
            return List.of(lit.group(1));
        }
        Matcher constant = CONSTANT.matcher(arg);
        if (constant.matches()) {
            try {
                return List.of(HealthCheck.valueOf(constant.group(1)).id());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        if (VARIABLE_ID.matcher(arg).matches()) {
            return Stream.of(HealthCheck.values()).map(HealthCheck::id).toList();
        }
        if (PARAMETER.matcher(arg).matches()) {
            return fromCallers(text, site, arg, 0);
        }
        return null;
    }

    /** The ids callers in the same file pass for parameter {@code var} of the method enclosing {@code site}. */
    private List<String> fromCallers(String text, int site, String var, int depth) {
        Matcher md = METHOD.matcher(text);
        String name = null;
        int index = -1;
        int declaredAt = -1;
        boolean shared = false;
        while (md.find() && md.start() < site) {
            List<String> params = split(md.group(2), true);
            for (int i = 0; i < params.size(); i++) {
                if (params.get(i).matches("(?:final\\s+)?String\\s+" + Pattern.quote(var))) {
                    name = md.group(1);
                    index = i;
                    declaredAt = md.start(1);
                    shared = md.group().trim().startsWith("public ");
                }
            }
        }
        if (name == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        // callers in this file, and (for a helper other classes of the package share) in the package's other files;
        // a public helper (LintRules.blocking, used by each dialect's lint rules) in every file
        for (String callerText : shared ? allTexts(text) : packageTexts(text)) {
            boolean same = callerText == text;
            Matcher call = Pattern.compile((same ? "(?<![.\\w])" : "(?<![\\w])") + Pattern.quote(name) + "\\(")
                    .matcher(callerText);
            while (call.find()) {
                if (same && call.start() == declaredAt) {
                    continue;
                }
                List<String> found = fromCall(callerText, call, index, depth);
                if (found == null && same) {
                    return null;
                }
                // in another file a call that passes no literal is taken for a different method of the same name
                if (found != null) {
                    out.addAll(found);
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** This file's text first, then the other files of its package (same folder). */
    private List<String> packageTexts(String text) {
        Path dir = sources.entrySet().stream().filter(e -> e.getValue() == text).map(e -> e.getKey().getParent())
                .findFirst().orElse(null);
        List<String> out = new ArrayList<>(List.of(text));
        sources.forEach((p, t) -> {
            if (t != text && dir != null && dir.equals(p.getParent())) {
                out.add(t);
            }
        });
        return out;
    }

    /** This file's text first, then every other file. */
    private List<String> allTexts(String text) {
        List<String> out = new ArrayList<>(List.of(text));
        sources.values().stream().filter(t -> t != text).forEach(out::add);
        return out;
    }

    /** The ids one call passes at position {@code index}; null when they cannot be known. */
    private List<String> fromCall(String text, Matcher call, int index, int depth) {
        List<String> out = new ArrayList<>();
        List<String> args = split(argumentList(text, call.end()), false);
        if (args.size() <= index) {
            return null;
        }
        String a = args.get(index);
        Matcher lit = LITERAL.matcher(a);
        Matcher prefix = PREFIX.matcher(a);
        if (lit.matches()) {
            out.add(lit.group(1));
        } else if (depth < 3 && PARAMETER.matcher(a).matches()) {
            // a helper handing its own id parameter on (blocking(id, …) → finding(id, …))
            List<String> inner = fromCallers(text, call.start(), a, depth + 1);
            if (inner == null) {
                return null;
            }
            out.addAll(inner);
        } else if (prefix.matches()) {
            List<String> kinds = kinds(typeOf(text, prefix.group(2), call.start()), prefix.group(3));
            if (kinds.isEmpty()) {
                return null;
            }
            kinds.forEach(k -> out.add(prefix.group(1) + k));
        } else {
            return null;
        }
        return out;
    }

    /** The simple type name {@code var} was last declared with before {@code pos} ({@code for (T.Violation v : …)}). */
    private static String typeOf(String text, String var, int pos) {
        Matcher m = Pattern.compile("([A-Z]\\w*(?:\\.[A-Z]\\w*)*)\\s+" + Pattern.quote(var) + "\\s*[:=,)]")
                .matcher(text.substring(0, pos));
        String type = null;
        while (m.find()) {
            type = m.group(1);
        }
        return type == null ? null : type.substring(type.lastIndexOf('.') + 1);
    }

    /** Literals passed as the first argument to record {@code type}, whose first component is {@code String accessor}. */
    private List<String> kinds(String type, String accessor) {
        if (type == null) {
            return List.of();
        }
        Pattern record = Pattern.compile("record\\s+(" + Pattern.quote(type) + ")\\(\\s*String\\s+"
                + Pattern.quote(accessor) + "\\b");
        List<String> out = new ArrayList<>();
        for (String text : sources.values()) {
            Matcher r = record.matcher(text);
            while (r.find()) {
                Pattern ctor = Pattern.compile("new\\s+" + r.group(1) + "\\(\\s*\"([a-z0-9]+(?:-[a-z0-9]+)*)\"");
                for (String t : sources.values()) {
                    Matcher c = ctor.matcher(t);
                    while (c.find()) {
                        out.add(c.group(1));
                    }
                }
            }
        }
        return out.stream().distinct().toList();
    }

    private static String firstArgument(String text, int from) {
        List<String> args = split(argumentList(text, from), false);
        return args.isEmpty() ? "" : args.get(0);
    }

    /** The text between an opening parenthesis (ending at {@code from}) and its closing one. */
    private static String argumentList(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(text, i);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return text.substring(from, i);
                }
                depth--;
            }
        }
        return text.substring(from);
    }

    /** Top-level comma split (parentheses, brackets, string literals and, in parameter lists, generics respected). */
    private static List<String> split(String list, boolean generics) {
        String open = generics ? "([{<" : "([{";
        String close = generics ? ")]}>" : ")]}";
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(list, i);
            } else if (open.indexOf(c) >= 0) {
                depth++;
            } else if (close.indexOf(c) >= 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(list.substring(start, i).trim());
                start = i + 1;
            }
        }
        String last = list.substring(start).trim();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }

    private static int skipQuoted(String s, int open) {
        char q = s.charAt(open);
        for (int i = open + 1; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
            } else if (s.charAt(i) == q) {
                return i;
            }
        }
        return s.length() - 1;
    }

    private static int line(String text, int pos) {
        int n = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}

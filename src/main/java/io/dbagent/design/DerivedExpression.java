package io.dbagent.design;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expression of a {@code derived:} attribute. Two forms:
 * <ul>
 *   <li>an aggregate over related rows, {@code sum(order_item.quantity * product.price)}, {@code count(order_item)},
 *       {@code min|max|avg(…)}: maintained by triggers on the rows it reads;</li>
 *   <li>arithmetic over the entity's own attributes, {@code quantity * unit_price}: a stored generated column.</li>
 * </ul>
 * Inside, only attribute references, numbers, {@code + - * /} and parentheses: that keeps the SQL identical on all
 * three engines.
 */
public record DerivedExpression(String text, String aggregate, List<Token> tokens) {

    public static final Set<String> AGGREGATES = Set.of("sum", "count", "min", "max", "avg");

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(?<ref>[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)?)|(?<num>\\d+(?:\\.\\d+)?)|(?<op>[-+*/()])|(?<bad>\\S))");
    private static final Pattern AGG = Pattern.compile("(?s)\\s*([a-zA-Z]+)\\s*\\((.*)\\)\\s*");

    /** A reference ({@code entity.attribute} or a bare attribute), a number or an operator. */
    public record Token(String kind, String text) {
        public String entity() {
            int dot = text.indexOf('.');
            return dot < 0 ? null : text.substring(0, dot);
        }

        public String attribute() {
            int dot = text.indexOf('.');
            return dot < 0 ? text : text.substring(dot + 1);
        }
    }

    /** Parses the text; a problem comes back as an {@link IllegalArgumentException} with a short reason. */
    public static DerivedExpression parse(String text) {
        String aggregate = null;
        String body = text;
        Matcher m = AGG.matcher(text);
        if (m.matches() && AGGREGATES.contains(m.group(1).toLowerCase(Locale.ROOT))
                && balanced(m.group(2))) {
            aggregate = m.group(1).toLowerCase(Locale.ROOT);
            body = m.group(2);
        } else if (m.matches() && !balanced(m.group(2))) {
            throw new IllegalArgumentException("unbalanced parentheses");
        } else if (m.matches() && text.strip().matches("(?s)[a-zA-Z]+\\s*\\(.*")) {
            throw new IllegalArgumentException("unknown function '" + m.group(1)
                    + "' (aggregates: sum, count, min, max, avg)");
        }
        List<Token> tokens = new ArrayList<>();
        Matcher t = TOKEN.matcher(body);
        int pos = 0;
        while (pos < body.length() && t.find(pos) && t.start() == pos) {
            if (t.group("ref") != null) {
                tokens.add(new Token("ref", t.group("ref")));
            } else if (t.group("num") != null) {
                tokens.add(new Token("num", t.group("num")));
            } else if (t.group("op") != null) {
                tokens.add(new Token("op", t.group("op")));
            } else if (t.group("bad") != null) {
                throw new IllegalArgumentException("unexpected '" + t.group("bad")
                        + "' (use attribute names, numbers, + - * / and parentheses)");
            }
            pos = t.end();
        }
        if (!body.substring(pos).isBlank()) {
            throw new IllegalArgumentException("cannot read '" + body.substring(pos).strip() + "'");
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("empty expression");
        }
        if (!balanced(body)) {
            throw new IllegalArgumentException("unbalanced parentheses");
        }
        if (tokens.stream().noneMatch(x -> x.kind().equals("ref"))) {
            throw new IllegalArgumentException("references no attribute");
        }
        return new DerivedExpression(text, aggregate, List.copyOf(tokens));
    }

    public boolean isAggregate() {
        return aggregate != null;
    }

    /** {@code count(order_item)}: count the rows of an entity. */
    public boolean countsRows() {
        return "count".equals(aggregate) && tokens.size() == 1 && tokens.get(0).entity() == null;
    }

    public List<Token> references() {
        return tokens.stream().filter(x -> x.kind().equals("ref")).toList();
    }

    /** The expression with each reference replaced, e.g. by {@code table.column}. */
    public String render(UnaryOperator<String> reference) {
        StringBuilder sb = new StringBuilder();
        for (Token tok : tokens) {
            String s = tok.kind().equals("ref") ? reference.apply(tok.text()) : tok.text();
            if (!sb.isEmpty() && !tok.text().equals(")") && !sb.toString().endsWith("(")) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }
}

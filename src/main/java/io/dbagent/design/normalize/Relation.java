package io.dbagent.design.normalize;

import io.dbagent.DbAgentException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;

/**
 * A relation schema R(A, B, …) with its functional dependencies. Attribute i is bit i of the masks in {@link Fd},
 * so a relation has at most 64 attributes, plenty for normalisation by hand and for FD discovery on real tables.
 */
public record Relation(String name, List<String> attributes, List<Fd> fds) {

    public static final int MAX_ATTRIBUTES = 64;

    /** Attribute names compare case-insensitively, then by their exact spelling, so output is stable. */
    public static final Comparator<String> NAME_ORDER =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    public Relation {
        attributes = List.copyOf(attributes);
        fds = List.copyOf(fds);
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw DbAgentException.badInput("relation " + name + " has " + attributes.size()
                    + " attributes; normalisation handles at most " + MAX_ATTRIBUTES);
        }
        if (new HashSet<>(attributes).size() != attributes.size()) {
            throw DbAgentException.badInput("relation " + name + " names an attribute twice: " + attributes);
        }
    }

    /** Every attribute. */
    public long all() {
        return attributes.size() == 64 ? -1L : (1L << attributes.size()) - 1;
    }

    public int index(String attribute) {
        return attributes.indexOf(attribute);
    }

    public long mask(Collection<String> names) {
        long m = 0;
        for (String n : names) {
            int i = attributes.indexOf(n);
            if (i < 0) {
                throw new IllegalArgumentException("no attribute " + n + " in " + name);
            }
            m |= 1L << i;
        }
        return m;
    }

    /** Names of the set bits in the relation's column order. */
    public List<String> names(long mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < attributes.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                out.add(attributes.get(i));
            }
        }
        return out;
    }

    /** Names of the set bits sorted by name, the order of every list in the JSON output. */
    public List<String> sortedNames(long mask) {
        List<String> out = names(mask);
        out.sort(NAME_ORDER);
        return out;
    }

    /** {@code A, B -> C} with names in column order. */
    public String format(Fd fd) {
        return String.join(", ", names(fd.lhs())) + " -> " + String.join(", ", names(fd.rhs()));
    }

    /** {@code R(A, B, C)}. */
    public String signature() {
        return name + "(" + String.join(", ", attributes) + ")";
    }

    public Relation withFds(List<Fd> newFds) {
        return new Relation(name, attributes, newFds);
    }
}

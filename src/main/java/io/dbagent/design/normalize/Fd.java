package io.dbagent.design.normalize;

/**
 * A functional dependency {@code lhs -> rhs} over a relation's attributes, each side a bit set (bit i is the
 * relation's attribute i). Bit sets make closures a handful of AND/OR operations, which is what keeps key search on
 * wide relations fast.
 */
public record Fd(long lhs, long rhs) {

    public boolean isTrivial() {
        return (rhs & ~lhs) == 0;
    }
}

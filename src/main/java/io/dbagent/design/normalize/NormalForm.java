package io.dbagent.design.normalize;

import com.fasterxml.jackson.annotation.JsonValue;

/** The normal forms we decide, weakest first. 1NF is assumed: attributes are taken to be atomic. */
public enum NormalForm {
    NF1("1NF"), NF2("2NF"), NF3("3NF"), BCNF("BCNF");

    private final String label;

    NormalForm(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public boolean atLeast(NormalForm other) {
        return compareTo(other) >= 0;
    }

    @Override
    public String toString() {
        return label;
    }
}

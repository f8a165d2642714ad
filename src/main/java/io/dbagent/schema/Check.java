package io.dbagent.schema;

/** A CHECK constraint; {@code expression} is the boolean expression without the {@code CHECK} keyword. */
public record Check(String name, String expression) {
}

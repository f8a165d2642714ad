package io.dbagent.explain;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the JSON plans engines print (PostgreSQL, MySQL/MariaDB), where numbers may come as numbers or text. */
public final class PlanJson {

    private PlanJson() {
    }

    /** The number under {@code k}, written as a number or as text; null when absent or not a number. */
    public static Double num(JsonNode p, String k) {
        JsonNode v = p == null ? null : p.get(k);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return v.isTextual() ? Double.valueOf(v.asText()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

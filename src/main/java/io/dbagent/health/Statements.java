package io.dbagent.health;

/** Which tracked statements the slow-query check judges. */
public final class Statements {

    private Statements() {
    }

    /**
     * Only statements the planner runs are judged: a one-off CREATE INDEX or VACUUM is slow by nature and has no plan
     * to improve. Hidden texts are judged, since we cannot tell.
     */
    public static boolean isPlannable(String query) {
        if (query == null || query.startsWith("<insufficient privilege>")) {
            return true;
        }
        String q = query.stripLeading().toLowerCase(java.util.Locale.ROOT);
        while (q.startsWith("/*") && q.contains("*/")) {
            q = q.substring(q.indexOf("*/") + 2).stripLeading();
        }
        return q.matches("^(select|insert|update|delete|with|merge|values|table)\\b[\\s\\S]*");
    }

}

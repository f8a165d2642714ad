package io.dbagent.dialect.postgres;

import java.util.ArrayList;
import java.util.List;

/** Decodes the one-letter codes and bit masks of the PostgreSQL catalogs into the words of the neutral model. */
final class PostgresCodes {

    // pg_trigger.tgtype bits, from the server's catalog/pg_trigger.h
    private static final int TRIGGER_ROW = 1;
    private static final int TRIGGER_BEFORE = 1 << 1;
    private static final int TRIGGER_INSERT = 1 << 2;
    private static final int TRIGGER_DELETE = 1 << 3;
    private static final int TRIGGER_UPDATE = 1 << 4;
    private static final int TRIGGER_TRUNCATE = 1 << 5;
    private static final int TRIGGER_INSTEAD = 1 << 6;

    private PostgresCodes() {
    }

    /** pg_constraint.confdeltype / confupdtype. */
    static String foreignKeyAction(String code) {
        return switch (code == null ? "" : code) {
            case "r" -> "RESTRICT";
            case "c" -> "CASCADE";
            case "n" -> "SET NULL";
            case "d" -> "SET DEFAULT";
            default -> "NO ACTION";
        };
    }

    /** pg_attribute.attidentity. */
    static String identity(String code) {
        return switch (code == null ? "" : code) {
            case "a" -> "always";
            case "d" -> "by default";
            default -> null;
        };
    }

    /** pg_attribute.attgenerated: 's' since PG 12, 'v' from PG 18 on. */
    static String generatedKind(String code) {
        return switch (code == null ? "" : code) {
            case "s" -> "stored";
            case "v" -> "virtual";
            default -> null;
        };
    }

    static String triggerTiming(int tgtype) {
        if ((tgtype & TRIGGER_INSTEAD) != 0) {
            return "INSTEAD OF";
        }
        return (tgtype & TRIGGER_BEFORE) != 0 ? "BEFORE" : "AFTER";
    }

    static List<String> triggerEvents(int tgtype) {
        List<String> events = new ArrayList<>(4);
        if ((tgtype & TRIGGER_INSERT) != 0) {
            events.add("INSERT");
        }
        if ((tgtype & TRIGGER_UPDATE) != 0) {
            events.add("UPDATE");
        }
        if ((tgtype & TRIGGER_DELETE) != 0) {
            events.add("DELETE");
        }
        if ((tgtype & TRIGGER_TRUNCATE) != 0) {
            events.add("TRUNCATE");
        }
        return events;
    }

    /** pg_proc.provolatile: i, s, v. */
    static String volatility(String code) {
        return switch (code == null ? "" : code) {
            case "i" -> "IMMUTABLE";
            case "s" -> "STABLE";
            case "v" -> "VOLATILE";
            default -> null;
        };
    }

    static String triggerLevel(int tgtype) {
        return (tgtype & TRIGGER_ROW) != 0 ? "ROW" : "STATEMENT";
    }

    /**
     * {@code CHECK (score >= 0::numeric) NOT VALID} becomes {@code score >= 0::numeric}: the model wants the bare
     * boolean expression, and NOT VALID / NO INHERIT are properties of the constraint, not of the expression.
     */
    static String checkExpression(String constraintDef) {
        if (constraintDef == null) {
            return null;
        }
        String s = constraintDef.trim();
        if (s.regionMatches(true, 0, "CHECK", 0, 5)) {
            s = s.substring(5).trim();
        }
        boolean trimmed = true;
        while (trimmed) {
            trimmed = false;
            for (String suffix : new String[] {" NOT VALID", " NO INHERIT"}) {
                if (s.endsWith(suffix)) {
                    s = s.substring(0, s.length() - suffix.length()).trim();
                    trimmed = true;
                }
            }
        }
        return stripOuterParentheses(s);
    }

    /** Removes parentheses that wrap the whole text, e.g. {@code ((a > 0))} to {@code a > 0}, but not {@code (a) + (b)}. */
    static String stripOuterParentheses(String text) {
        return io.dbagent.sql.SqlText.stripOuterParentheses(text, false);
    }


    /** pg_policy.polcmd as CREATE POLICY's FOR clause writes it. */
    static String policyCommand(String polcmd) {
        return switch (polcmd == null ? "*" : polcmd) {
            case "r" -> "SELECT";
            case "a" -> "INSERT";
            case "w" -> "UPDATE";
            case "d" -> "DELETE";
            default -> "ALL";
        };
    }

    /** An exclusion constraint's definition without the DEFERRABLE clause, which the model keeps apart. */
    static String exclusionDefinition(String constraintDef) {
        if (constraintDef == null) {
            return null;
        }
        return constraintDef.strip().replaceFirst("\\s+DEFERRABLE(\\s+INITIALLY\\s+(DEFERRED|IMMEDIATE))?$", "");
    }
}

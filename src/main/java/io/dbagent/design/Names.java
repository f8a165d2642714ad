package io.dbagent.design;

import java.util.Locale;

/** Naming conventions of the designer: plural table names, constraint and index names within 63 characters. */
public final class Names {

    static final int MAX = 63;

    private Names() {
    }

    /** English plural of the last word of a snake_case name: order_item → order_items, category → categories. */
    public static String plural(String name) {
        int us = name.lastIndexOf('_');
        String head = name.substring(0, us + 1);
        String w = name.substring(us + 1);
        String p;
        if (w.endsWith("y") && w.length() > 1 && "aeiou".indexOf(w.charAt(w.length() - 2)) < 0) {
            p = w.substring(0, w.length() - 1) + "ies";
        } else if (w.endsWith("s") || w.endsWith("x") || w.endsWith("z") || w.endsWith("ch") || w.endsWith("sh")) {
            p = w + "es";
        } else if (w.equals("person")) {
            p = "people";
        } else {
            p = w + "s";
        }
        return head + p;
    }

    /** Cuts a long name to 63 characters, keeping it unique with a short hash of the full name. */
    public static String fit(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.length() <= MAX) {
            return n;
        }
        String hash = Integer.toHexString(n.hashCode() & 0xfffff);
        return n.substring(0, MAX - hash.length() - 1) + "_" + hash;
    }
}

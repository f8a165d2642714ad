package io.dbagent.report;

import io.dbagent.DbAgentException;

import java.util.Locale;

/** Output formats of the CLI. Not every command supports every format; each command says which it takes. */
public enum OutputFormat {
    TEXT, JSON, MARKDOWN, MERMAID, SQL;

    public static OutputFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw DbAgentException.badInput("unknown format '" + s + "': expected text, json, markdown, mermaid or sql");
        }
    }
}

package io.dbagent.schema;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The neutral model of one database, read by a dialect inspector or built by the designer, and read by every
 * feature. Names are as the engine stores them; {@code schema} is the PostgreSQL schema, the MySQL database, or
 * {@code main} for SQLite.
 *
 * @param dialect       {@code postgres}, {@code mysql} or {@code sqlite}
 * @param product       {@code PostgreSQL}, {@code MySQL}, {@code MariaDB} or {@code SQLite}
 * @param serverVersion server version, e.g. {@code 15.20}
 * @param database      database name (file path for SQLite)
 * @param schemas       the user schemas that were inspected
 * @param routines      functions, procedures and (MySQL/MariaDB) events, by schema, name and signature
 * @param domains       PostgreSQL domains
 * @param extensions    PostgreSQL extensions installed in the database (not plpgsql)
 * @param charset       MySQL/MariaDB default character set of the database (what a table without its own gets);
 *                      null elsewhere
 * @param collation     MySQL/MariaDB default collation of the database; null elsewhere
 */
@JsonPropertyOrder({"dialect", "product", "serverVersion", "database", "schemas", "tables", "views", "triggers",
        "sequences", "enums", "routines", "domains", "extensions", "charset", "collation"})
public record Schema(String dialect, String product, String serverVersion, String database, List<String> schemas,
                     List<Table> tables, List<View> views, List<Trigger> triggers, List<Sequence> sequences,
                     List<EnumType> enums, List<Routine> routines,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) List<Domain> domains,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY) List<Extension> extensions,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String charset,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String collation) {

    /** A model without database defaults (every engine but MySQL/MariaDB). */
    public Schema(String dialect, String product, String serverVersion, String database, List<String> schemas,
                  List<Table> tables, List<View> views, List<Trigger> triggers, List<Sequence> sequences,
                  List<EnumType> enums, List<Routine> routines, List<Domain> domains, List<Extension> extensions) {
        this(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums, routines,
                domains, extensions, null, null);
    }

    /** A model without domains and extensions. */
    public Schema(String dialect, String product, String serverVersion, String database, List<String> schemas,
                  List<Table> tables, List<View> views, List<Trigger> triggers, List<Sequence> sequences,
                  List<EnumType> enums, List<Routine> routines) {
        this(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums, routines,
                List.of(), List.of());
    }

    /** A model without routines (as the designer and the engines without stored routines build it). */
    public Schema(String dialect, String product, String serverVersion, String database, List<String> schemas,
                  List<Table> tables, List<View> views, List<Trigger> triggers, List<Sequence> sequences,
                  List<EnumType> enums) {
        this(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums, List.of());
    }

    public Schema {
        schemas = List.copyOf(schemas == null ? List.of() : schemas);
        tables = List.copyOf(tables == null ? List.of() : tables);
        views = List.copyOf(views == null ? List.of() : views);
        triggers = List.copyOf(triggers == null ? List.of() : triggers);
        sequences = List.copyOf(sequences == null ? List.of() : sequences);
        enums = List.copyOf(enums == null ? List.of() : enums);
        routines = List.copyOf(routines == null ? List.of() : routines);
        domains = List.copyOf(domains == null ? List.of() : domains);
        extensions = List.copyOf(extensions == null ? List.of() : extensions);
    }

    /** A copy with these routines instead of its own. */
    public Schema withRoutines(List<Routine> newRoutines) {
        return new Schema(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums,
                newRoutines, domains, extensions, charset, collation);
    }

    /** A copy with these tables instead of its own. */
    public Schema withTables(List<Table> newTables) {
        return new Schema(dialect, product, serverVersion, database, schemas, newTables, views, triggers, sequences,
                enums, routines, domains, extensions, charset, collation);
    }

    /** A copy with these domains and extensions instead of its own. */
    public Schema withDomainsAndExtensions(List<Domain> newDomains, List<Extension> newExtensions) {
        return new Schema(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums,
                routines, newDomains, newExtensions, charset, collation);
    }

    /** A copy with this default character set and collation of the database (MySQL/MariaDB). */
    public Schema withDefaults(String newCharset, String newCollation) {
        return new Schema(dialect, product, serverVersion, database, schemas, tables, views, triggers, sequences, enums,
                routines, domains, extensions, newCharset, newCollation);
    }

    /** Finds a table by name, {@code schema.name} or bare name, case-insensitively. */
    public Optional<Table> table(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return tables.stream()
                .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(n)
                        || (t.schema() + "." + t.name()).toLowerCase(Locale.ROOT).equals(n))
                .findFirst();
    }

    /**
     * A copy with only the objects of one PostgreSQL schema (for a tool that works in its own schema of a shared
     * database). MySQL and SQLite models hold one schema already and come back unchanged.
     */
    public Schema onlySchema(String schemaName) {
        if (!"postgres".equals(dialect)) {
            return this;
        }
        return new Schema(dialect, product, serverVersion, database, List.of(schemaName),
                tables.stream().filter(t -> schemaName.equals(t.schema())).toList(),
                views.stream().filter(v -> schemaName.equals(v.schema())).toList(),
                triggers.stream().filter(t -> schemaName.equals(t.schema())).toList(),
                sequences.stream().filter(q -> schemaName.equals(q.schema())).toList(),
                enums.stream().filter(e -> schemaName.equals(e.schema())).toList(),
                routines.stream().filter(r -> schemaName.equals(r.schema())).toList(),
                domains.stream().filter(d -> schemaName.equals(d.schema())).toList(),
                extensions, charset, collation);
    }

    /**
     * A copy restricted to the named tables (and the views, triggers that belong to them). Routines are all kept: a
     * kept trigger, default or check may call any of them.
     */
    public Schema onlyTables(List<String> names) {
        if (names == null || names.isEmpty()) {
            return this;
        }
        List<Table> kept = tables.stream()
                .filter(t -> names.stream().anyMatch(n -> n.equalsIgnoreCase(t.name())
                        || n.equalsIgnoreCase(t.schema() + "." + t.name())))
                .toList();
        List<View> keptViews = views.stream()
                .filter(v -> names.stream().anyMatch(n -> n.equalsIgnoreCase(v.name())
                        || n.equalsIgnoreCase(v.schema() + "." + v.name())))
                .toList();
        List<Trigger> keptTriggers = triggers.stream()
                .filter(tr -> kept.stream().anyMatch(t -> t.name().equals(tr.table()) && t.schema().equals(tr.schema())))
                .toList();
        return new Schema(dialect, product, serverVersion, database, schemas, kept, keptViews, keptTriggers, sequences,
                enums, routines, domains, extensions, charset, collation);
    }

    /** A copy without the tables {@code drop} selects, and without the triggers on them. */
    public Schema withoutTables(java.util.function.Predicate<Table> drop) {
        List<Table> kept = tables.stream().filter(drop.negate()).toList();
        if (kept.size() == tables.size()) {
            return this;
        }
        List<Trigger> keptTriggers = triggers.stream()
                .filter(tr -> kept.stream().anyMatch(t -> t.name().equals(tr.table())))
                .toList();
        return new Schema(dialect, product, serverVersion, database, schemas, kept, views, keptTriggers, sequences,
                enums, routines, domains, extensions, charset, collation);
    }
}

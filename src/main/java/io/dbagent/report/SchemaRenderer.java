package io.dbagent.report;

import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Partition;
import io.dbagent.schema.Routine;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.View;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Renders the neutral schema model: aligned text for people, JSON for scripts, a Mermaid ER diagram for docs. */
public final class SchemaRenderer {

    private SchemaRenderer() {
    }

    public static String render(Schema schema, OutputFormat format) {
        return switch (format) {
            case JSON -> Json.write(schema) + "\n";
            case MERMAID -> mermaid(schema);
            case TEXT, MARKDOWN -> text(schema);
            default -> throw io.dbagent.DbAgentException.badInput(
                    "inspect supports --format text, json or mermaid, not " + format.name().toLowerCase(Locale.ROOT));
        };
    }

    /** A partition's row, then its sub-partitions' rows indented under it. */
    private static void partitionRows(TextTable parts, Table parent, Partition p, String indent) {
        String name = p.schema() == null || p.schema().equals(parent.schema()) || "public".equals(p.schema())
                ? p.name() : p.schema() + "." + p.name();
        String bound = p.bound() == null ? "" : p.bound();
        if (p.subpartitionKey() != null) {
            bound += (bound.isEmpty() ? "" : ", ") + "sub-partitioned by " + p.subpartitionKey();
        }
        parts.row(indent + name, bound, "~" + count(p.rowEstimate()), bytes(p.sizeBytes()));
        for (Partition sub : p.subpartitions()) {
            partitionRows(parts, parent, sub, indent + "  ");
        }
    }

    public static String text(Schema s) {
        StringBuilder sb = new StringBuilder();
        sb.append(s.product()).append(' ').append(s.serverVersion()).append("  database ").append(s.database())
                .append("  schemas ").append(String.join(", ", s.schemas()))
                .append(s.charset() == null ? "" : "  default charset " + s.charset())
                .append(s.collation() == null ? "" : " collation " + s.collation()).append('\n');
        long partitions = s.tables().stream().filter(Table::isPartition).count();
        sb.append(String.format("%d tables%s, %d views, %d triggers, %d sequences, %d enums%s",
                s.tables().size() - partitions, partitions == 0 ? "" : " and " + partitions + " partitions",
                s.views().size(), s.triggers().size(), s.sequences().size(), s.enums().size(),
                s.routines().isEmpty() ? "" : ", " + s.routines().size() + " routines")
                + (s.domains().isEmpty() ? "" : ", " + s.domains().size() + " domains")
                + (s.extensions().isEmpty() ? "" : ", " + s.extensions().size() + " extensions")).append('\n');
        for (Table t : s.tables()) {
            if (t.isPartition()) {
                continue; // listed under its parent
            }
            sb.append('\n').append("TABLE ").append(t.qualifiedName()).append("  (~").append(count(t.rowEstimate()))
                    .append(" rows, ").append(bytes(t.sizeBytes())).append(")\n");
            if (t.partitioned()) {
                sb.append("  partitioned by ").append(t.partitionKey()).append(", ").append(t.partitions().size())
                        .append(t.partitions().size() == 1 ? " partition" : " partitions").append('\n');
                TextTable parts = new TextTable("partition", "bound", "rows", "size");
                for (Partition p : t.partitions()) {
                    partitionRows(parts, t, p, "");
                }
                sb.append(parts.render("  "));
            }
            if (!t.inherits().isEmpty()) {
                sb.append("  inherits ").append(String.join(", ", t.inherits())).append('\n');
            }
            if (t.rowSecurity() != null) {
                sb.append("  row-level security ").append(t.rowSecurity()).append('\n');
            }
            if (t.options() != null) {
                sb.append("  options ").append(t.options()).append('\n');
            }
            // a table's default charset and collation where they are not the database's
            if (t.collation() != null && !t.collation().equalsIgnoreCase(s.collation())
                    || t.charset() != null && !t.charset().equalsIgnoreCase(s.charset())) {
                sb.append("  default charset ").append(t.charset()).append(" collation ").append(t.collation())
                        .append(s.collation() == null ? "" : " (database: " + s.collation() + ")").append('\n');
            }
            boolean collations = t.columns().stream().anyMatch(c -> ownCollation(t, c) != null);
            TextTable cols = collations ? new TextTable("column", "type", "null", "default", "key", "collation")
                    : new TextTable("column", "type", "null", "default", "key");
            for (Column c : t.columns()) {
                String key = c.primaryKey() ? "PK" : "";
                if (t.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(c.name()))) {
                    key = key.isEmpty() ? "FK" : key + ",FK";
                }
                String def = c.generated() != null ? "AS (" + c.generated() + ") " + c.generatedKind()
                        : c.identity() != null ? "identity " + c.identity()
                        : c.defaultValue();
                if (c.autoIncrement() && c.identity() == null && def == null) {
                    def = "auto-increment";
                }
                if (c.onUpdate() != null) {
                    def = (def == null ? "" : def + " ") + "on update " + c.onUpdate();
                }
                if (collations) {
                    cols.row(c.name(), c.type(), c.nullable() ? "yes" : "no", def, key, ownCollation(t, c));
                } else {
                    cols.row(c.name(), c.type(), c.nullable() ? "yes" : "no", def, key);
                }
            }
            sb.append(cols.render("  "));
            for (ForeignKey fk : t.foreignKeys()) {
                sb.append("  FK ").append(fk.name() == null ? "" : fk.name() + " ").append('(')
                        .append(String.join(", ", fk.columns())).append(") -> ").append(fk.refTable()).append('(')
                        .append(String.join(", ", fk.refColumns())).append(") ON DELETE ").append(fk.onDelete())
                        .append(" ON UPDATE ").append(fk.onUpdate())
                        .append(fk.deferrable() == null ? "" : " " + fk.deferrable()).append('\n');
            }
            t.uniques().forEach(u -> sb.append("  UNIQUE ").append(u.name() == null ? "" : u.name() + " ")
                    .append('(').append(String.join(", ", u.columns())).append(')')
                    .append(u.deferrable() == null ? "" : " " + u.deferrable()).append('\n'));
            t.exclusions().forEach(x -> sb.append("  ").append(x.name()).append(' ').append(x.definition())
                    .append(x.deferrable() == null ? "" : " " + x.deferrable()).append('\n'));
            t.policies().forEach(p -> sb.append("  POLICY ").append(p.name()).append(p.permissive() ? "" : " RESTRICTIVE")
                    .append(" FOR ").append(p.command()).append(" TO ").append(String.join(", ", p.roles()))
                    .append(p.using() == null ? "" : " USING (" + p.using() + ")")
                    .append(p.withCheck() == null ? "" : " WITH CHECK (" + p.withCheck() + ")").append('\n'));
            t.checks().forEach(c -> sb.append("  CHECK ").append(c.name() == null ? "" : c.name() + " ")
                    .append('(').append(c.expression()).append(")\n"));
            for (Index i : t.indexes()) {
                sb.append("  INDEX ").append(i.name()).append(i.primary() ? " primary" : i.unique() ? " unique" : "")
                        .append(' ').append(i.method()).append(" (").append(String.join(", ", i.columns())).append(')');
                if (!i.include().isEmpty()) {
                    sb.append(" INCLUDE (").append(String.join(", ", i.include())).append(')');
                }
                if (i.where() != null) {
                    sb.append(" WHERE ").append(i.where());
                }
                if (i.sizeBytes() >= 0) {
                    sb.append("  ").append(bytes(i.sizeBytes()));
                }
                sb.append('\n');
            }
        }
        for (View v : s.views()) {
            sb.append('\n').append(v.materialized() ? "MATERIALIZED VIEW " : "VIEW ").append(v.schema()).append('.')
                    .append(v.name()).append(" (").append(String.join(", ", v.columns())).append(")\n");
            for (Index i : v.indexes()) {
                sb.append("  INDEX ").append(i.name()).append(i.unique() ? " unique" : "").append(' ')
                        .append(i.method()).append(" (").append(String.join(", ", i.columns())).append(')')
                        .append(i.where() == null ? "" : " WHERE " + i.where())
                        .append(i.sizeBytes() >= 0 ? "  " + bytes(i.sizeBytes()) : "").append('\n');
            }
        }
        if (!s.triggers().isEmpty()) {
            sb.append('\n');
            TextTable tt = new TextTable("trigger", "table", "timing", "events", "level");
            for (Trigger tr : s.triggers()) {
                tt.row(tr.name(), tr.table(), tr.timing(), String.join(" OR ", tr.events()), tr.level());
            }
            sb.append(tt.render(""));
        }
        if (!s.sequences().isEmpty()) {
            sb.append('\n');
            TextTable st = new TextTable("sequence", "type", "last value", "max value", "owned by");
            s.sequences().forEach(q -> st.row(q.schema() + "." + q.name(), q.dataType(), q.lastValue(), q.maxValue(),
                    q.ownedBy()));
            sb.append(st.render(""));
        }
        s.enums().forEach(e -> sb.append("\nENUM ").append(e.schema()).append('.').append(e.name()).append(" (")
                .append(String.join(", ", e.values())).append(")\n"));
        s.domains().forEach(d -> sb.append("\nDOMAIN ").append(d.schema()).append('.').append(d.name()).append(" ")
                .append(d.baseType()).append(d.collation() == null ? "" : " COLLATE " + d.collation())
                .append(d.notNull() ? " NOT NULL" : "").append(d.defaultValue() == null ? "" : " DEFAULT " + d.defaultValue())
                .append(d.checks().stream().map(c -> " CHECK (" + c.expression() + ")")
                        .collect(java.util.stream.Collectors.joining())).append('\n'));
        if (!s.extensions().isEmpty()) {
            sb.append("\nEXTENSIONS ").append(s.extensions().stream().map(e -> e.name() + " " + e.version())
                    .collect(java.util.stream.Collectors.joining(", "))).append('\n');
        }
        if (!s.routines().isEmpty()) {
            sb.append('\n');
            TextTable rt = new TextTable("routine", "kind", "returns", "language", "volatility");
            for (Routine r : s.routines()) {
                String name = ("public".equals(r.schema()) || s.schemas().size() == 1 ? "" : r.schema() + ".")
                        + r.name() + (Routine.EVENT.equals(r.kind()) ? "" : "(" + r.arguments() + ")");
                rt.row(name, r.kind().toLowerCase(Locale.ROOT) + (r.securityDefiner()
                        && !Routine.EVENT.equals(r.kind()) ? ", security definer" : ""),
                        r.returns(), r.language(), r.volatility());
            }
            sb.append(rt.render(""));
        }
        return sb.toString();
    }

    /**
     * A column's character set and collation where they are not its table's default (MySQL/MariaDB), or its explicit
     * collation (PostgreSQL, SQLite); null when it has none of its own.
     */
    private static String ownCollation(Table t, Column c) {
        if (c.collation() == null && c.charset() == null) {
            return null;
        }
        boolean sameCharset = c.charset() == null || c.charset().equalsIgnoreCase(t.charset());
        boolean sameCollation = c.collation() == null || c.collation().equalsIgnoreCase(t.collation());
        if (t.charset() != null && sameCharset && sameCollation) {
            return null;
        }
        return c.charset() == null ? c.collation()
                : c.charset() + (c.collation() == null ? "" : " " + c.collation());
    }

    /** A Mermaid {@code erDiagram}; relationships come from foreign keys, with optionality from nullability. */
    public static String mermaid(Schema s) {
        StringBuilder sb = new StringBuilder("erDiagram\n");
        List<Table> tables = s.tables().stream().filter(t -> !t.isPartition()).toList(); // drawn as their parent
        for (Table t : tables) {
            sb.append("    ").append(entity(t.schema(), t.name(), s)).append(" {\n");
            for (Column c : t.columns()) {
                sb.append("        ").append(word(c.type())).append(' ').append(word(c.name()));
                Set<String> keys = new java.util.LinkedHashSet<>();
                if (c.primaryKey()) {
                    keys.add("PK");
                }
                if (t.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(c.name()))) {
                    keys.add("FK");
                }
                if (t.uniques().stream().anyMatch(u -> u.columns().equals(List.of(c.name())))) {
                    keys.add("UK");
                }
                if (!keys.isEmpty()) {
                    sb.append(' ').append(String.join(", ", keys));
                }
                if (!c.nullable() && !c.primaryKey()) {
                    sb.append(" \"not null\"");
                }
                sb.append('\n');
            }
            sb.append("    }\n");
        }
        for (Table t : tables) {
            for (ForeignKey fk : t.foreignKeys()) {
                boolean optional = fk.columns().stream()
                        .anyMatch(col -> t.column(col).map(Column::nullable).orElse(true));
                boolean oneToOne = isUnique(t, fk.columns());
                String parentSide = optional ? "|o" : "||";
                String childSide = oneToOne ? "o|" : "o{";
                String refSchema = fk.refSchema() == null ? t.schema() : fk.refSchema();
                sb.append("    ").append(entity(refSchema, fk.refTable(), s)).append(' ').append(parentSide)
                        .append("--").append(childSide).append(' ').append(entity(t.schema(), t.name(), s))
                        .append(" : \"").append(String.join(", ", fk.columns())).append("\"\n");
            }
        }
        for (Table t : tables) {
            // an ER diagram has no inheritance: a note says which table extends which
            t.inherits().forEach(p -> sb.append("    %% ").append(entity(t.schema(), t.name(), s))
                    .append(" inherits ").append(word(p)).append('\n'));
        }
        long policies = tables.stream().mapToLong(t -> t.policies().size()).sum();
        if (policies + s.domains().size() + s.extensions().size() > 0) {
            sb.append("    %% not drawn: ").append(policies).append(" polic").append(policies == 1 ? "y" : "ies")
                    .append(", ").append(s.domains().size()).append(" domain(s), ").append(s.extensions().size())
                    .append(" extension(s): see inspect --format text\n");
        }
        if (!s.routines().isEmpty()) {
            // an ER diagram has no place for code; the count says it was left out, not missed
            sb.append("    %% ").append(s.routines().size()).append(" routine(s) not drawn: see inspect --format text\n");
        }
        return sb.toString();
    }

    private static boolean isUnique(Table t, List<String> cols) {
        Set<String> set = new HashSet<>(cols);
        return new HashSet<>(t.primaryKey()).equals(set)
                || t.uniques().stream().anyMatch(u -> new HashSet<>(u.columns()).equals(set))
                || t.indexes().stream().anyMatch(i -> i.unique() && i.where() == null && new HashSet<>(i.columns()).equals(set));
    }

    private static String entity(String schema, String name, Schema s) {
        boolean qualify = s.schemas().size() > 1 && schema != null;
        return word(qualify ? schema + "_" + name : name);
    }

    /** Mermaid identifiers and types: letters, digits, underscore, hyphen; everything else becomes underscore. */
    private static String word(String text) {
        String w = text == null ? "unknown" : text.replaceAll("[^A-Za-z0-9_\\-]", "_").replaceAll("_+$", "");
        return w.isEmpty() ? "unknown" : w;
    }

    static String count(long n) {
        if (n < 0) {
            return "?";
        }
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.1fK", n / 1_000.0);
        }
        return Long.toString(n);
    }

    public static String bytes(long b) {
        if (b < 0) {
            return "size unknown";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

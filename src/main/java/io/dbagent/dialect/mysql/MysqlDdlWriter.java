package io.dbagent.dialect.mysql;

import io.dbagent.dialect.BaseDdlWriter;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Index;
import io.dbagent.schema.Table;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MySQL/MariaDB DDL: AUTO_INCREMENT, generated columns, secondary and FULLTEXT indexes declared inside CREATE TABLE
 * (so InnoDB never creates its own duplicate index for a foreign key), and compound trigger bodies wrapped in
 * {@code DELIMITER //} in scripts.
 */
public final class MysqlDdlWriter extends BaseDdlWriter {

    /** Text with backslashes escaped too: the default sql_mode reads them as escapes inside a string. */
    @Override
    public String valueLiteral(Object v) {
        String plain = super.valueLiteral(v);
        return plain == null || !plain.startsWith("'") ? plain
                : "'" + v.toString().replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static final Pattern COMPOUND = Pattern.compile(
            "(?is)^CREATE\\s+(DEFINER\\s*=\\s*\\S+\\s+)?(TRIGGER|PROCEDURE|FUNCTION|EVENT)\\b.*\\bBEGIN\\b.*");

    @Override
    public DialectKind dialect() {
        return DialectKind.MYSQL;
    }

    /**
     * The one column definition every MySQL/MariaDB statement uses: CREATE TABLE, ADD COLUMN and each
     * {@code MODIFY COLUMN} the diff, the migration generator and the fixes write. MODIFY replaces the whole
     * definition, so whatever it leaves out (character set, collation, comment, NOT NULL, default, ON UPDATE,
     * AUTO_INCREMENT, the generated expression) the server silently resets: it states all of them.
     *
     * @param t the table, for its default character set and collation: a column that has them leaves them out
     *          (as {@code SHOW CREATE TABLE} does); null states them for every text column, as a MODIFY should
     */
    @Override
    public String columnDefinition(Table t, Column c) {
        return definition(t, c);
    }

    /** {@link #columnDefinition}, for the package's other writers. */
    static String definition(Table t, Column c) {
        StringBuilder sb = new StringBuilder(id(c.name())).append(' ').append(c.type());
        boolean tableCharset = t != null && c.charset() != null && c.charset().equalsIgnoreCase(t.charset());
        boolean tableCollation = t != null && (c.collation() == null || c.collation().equalsIgnoreCase(t.collation()));
        if (c.charset() != null && !(tableCharset && tableCollation)) {
            sb.append(" CHARACTER SET ").append(c.charset());
        }
        if (c.collation() != null && !(tableCharset && tableCollation || c.charset() == null && tableCollation)) {
            sb.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            // MariaDB accepts no NULL / NOT NULL and no DEFAULT on a generated column
            sb.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") ")
                    .append("stored".equalsIgnoreCase(c.generatedKind()) ? "STORED" : "VIRTUAL");
        } else {
            sb.append(c.nullable() ? " NULL" : " NOT NULL");
            if (c.defaultValue() != null) {
                sb.append(" DEFAULT ").append(c.defaultValue());
            }
            if (c.onUpdate() != null) {
                sb.append(" ON UPDATE ").append(c.onUpdate());
            }
            if (c.autoIncrement()) {
                sb.append(" AUTO_INCREMENT");
            }
        }
        if (c.comment() != null) {
            sb.append(" COMMENT ").append(MysqlChangeWriter.literal(c.comment()));
        }
        return sb.toString();
    }

    /** {@code ALTER TABLE t MODIFY COLUMN <the whole definition of c>}, without the trailing semicolon. */
    static String modify(Table t, Column c) {
        return "ALTER TABLE " + id(t.name()) + " MODIFY COLUMN " + definition(null, c);
    }

    private static String id(String name) {
        return io.dbagent.dialect.DdlWriter.of(DialectKind.MYSQL).ident(name);
    }

    @Override
    public String setNotNullFix(Table t, Column c) {
        return modify(t, c.withNullable(false)) + ";";
    }

    @Override
    public String changeTypeFix(Table t, Column c, String newType, String using) {
        return modify(t, c.withType(newType)) + ";";
    }

    /**
     * The table's storage engine where it is not the server's default, its default character set and collation and
     * its comment, after the column list.
     */
    @Override
    protected String tableOptions(Table t) {
        StringBuilder sb = new StringBuilder();
        if (t.options() != null) {
            sb.append(' ').append(t.options());
        }
        if (t.charset() != null) {
            sb.append(" DEFAULT CHARSET=").append(t.charset());
        }
        if (t.collation() != null) {
            sb.append(" COLLATE=").append(t.collation());
        }
        if (t.comment() != null) {
            sb.append(" COMMENT=").append(MysqlChangeWriter.literal(t.comment()));
        }
        return sb.toString();
    }

    @Override
    protected String primaryKeyClause(Table t) {
        return t.primaryKey().isEmpty() ? null : "PRIMARY KEY (" + cols(t.primaryKey()) + ")";
    }

    @Override
    protected List<String> inlineIndexes(Table t) {
        List<String> out = new ArrayList<>();
        for (Index i : t.indexes()) {
            if (inlineIndexed(t, i)) {
                out.add(kind(i) + "KEY " + ident(i.name()) + " (" + cols(i.columns()) + ")");
            }
        }
        return out;
    }

    @Override
    protected boolean inlineIndexed(Table t, Index i) {
        return !comesWithTable(t, i);
    }

    private static String kind(Index i) {
        String m = i.method() == null ? "" : i.method().toLowerCase(Locale.ROOT);
        return m.equals("fulltext") ? "FULLTEXT " : m.equals("spatial") ? "SPATIAL " : i.unique() ? "UNIQUE " : "";
    }

    @Override
    public String createIndex(Table t, Index i) {
        return "CREATE " + kind(i) + "INDEX " + ident(i.name()) + " ON " + name(t) + " (" + cols(i.columns()) + ")";
    }

    @Override
    public String dropIndex(Table t, Index i) {
        return "DROP INDEX " + ident(i.name()) + " ON " + name(t);
    }

    @Override
    public String dropForeignKey(Table t, ForeignKey fk) {
        return "ALTER TABLE " + name(t) + " DROP FOREIGN KEY " + ident(fk.name());
    }

    @Override
    public String dropUnique(Table t, Unique u) {
        return "ALTER TABLE " + name(t) + " DROP INDEX " + ident(u.name());
    }

    /**
     * information_schema qualifies every table in a view with its database; drop that qualifier so the view
     * follows the tables into whatever database the script runs in.
     */
    @Override
    public String createView(io.dbagent.schema.View v) {
        String def = v.definition().strip();
        if (v.schema() != null) {
            def = def.replace("`" + v.schema() + "`.", "");
        }
        return "CREATE VIEW " + tableName(v.schema(), v.name()) + " AS " + def;
    }

    /** Statements with a BEGIN … END body go between {@code DELIMITER //} lines, as the mysql client needs. */
    @Override
    public String script(List<String> statements) {
        StringBuilder sb = new StringBuilder();
        for (String s : statements) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            if (COMPOUND.matcher(s).matches()) {
                sb.append("DELIMITER //\n").append(s).append(" //\nDELIMITER ;\n");
            } else {
                sb.append(s).append(";\n");
            }
        }
        return sb.toString();
    }
}

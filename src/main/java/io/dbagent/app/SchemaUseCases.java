package io.dbagent.app;

import io.dbagent.design.Design;
import io.dbagent.design.DesignService;
import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.FdParser;
import io.dbagent.design.normalize.NormalizationAnalyzer;
import io.dbagent.design.normalize.NormalizationResult;
import io.dbagent.design.normalize.Relation;
import io.dbagent.dialect.Dialects;
import io.dbagent.integrity.ConstraintInference;
import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.lint.SchemaLinter;
import io.dbagent.report.Report;
import io.dbagent.schema.ObjectListing;
import io.dbagent.schema.Schema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema use cases: read the schema, review it, design one from a spec, normalise a relation, discover functional
 * dependencies and infer missing constraints. None of them changes the database; each opens a read-only session.
 */
public final class SchemaUseCases {

    private final App.Collaborators with;

    SchemaUseCases(App.Collaborators with) {
        this.with = with;
    }

    /** The schema model of the given tables (all when null or empty). */
    public Schema inspect(List<String> tables) {
        try (DbSession s = readOnly()) {
            return Dialects.inspect(s, tables);
        }
    }

    /**
     * The user schemas and their objects (tables, views, sequences, routines, triggers, events) with estimated rows
     * and sizes, without columns: a cheap listing before a full {@link #inspect}. {@code kinds} keeps only objects of
     * these kinds ({@code table} also matches partitioned tables, {@code routine} functions, procedures and
     * aggregates); null or empty keeps all.
     */
    public ObjectListing listObjects(List<String> kinds) {
        ObjectListing all;
        try (DbSession s = readOnly()) {
            all = Dialects.of(s).inspector().listObjects(s);
        }
        if (kinds == null || kinds.isEmpty()) {
            return all;
        }
        List<String> wanted = kinds.stream().map(k -> k.strip().toLowerCase(java.util.Locale.ROOT)).toList();
        for (String k : wanted) {
            if (!OBJECT_KINDS.contains(k)) {
                throw io.dbagent.DbAgentException.badInput("unknown object kind '" + k + "': expected one of "
                        + String.join(", ", OBJECT_KINDS));
            }
        }
        return new ObjectListing(all.dialect(), all.database(), all.schemas(), all.objects().stream()
                .filter(o -> wanted.stream().anyMatch(k -> matches(k, o.kind()))).toList());
    }

    /** The kinds {@link #listObjects} filters by. */
    public static final List<String> OBJECT_KINDS = List.of("table", "view", "sequence", "routine", "function",
            "procedure", "trigger", "event");

    private static boolean matches(String wanted, String kind) {
        return switch (wanted) {
            case "table" -> kind.endsWith("table");
            case "view" -> kind.endsWith("view");
            case "routine" -> kind.equals("function") || kind.equals("procedure") || kind.equals("aggregate")
                    || kind.equals("window function");
            case "function" -> kind.endsWith("function") || kind.equals("aggregate");
            default -> kind.equals(wanted);
        };
    }

    /** Schema lint findings for the given tables (all when null or empty). */
    public Report<Void> lint(List<String> tables) {
        try (DbSession s = readOnly()) {
            return SchemaLinter.lint(Dialects.inspect(s, tables), s, with.requireSessions().describe(),
                    io.dbagent.jdbc.ScratchDatabase.devServer(null, with.env()));
        }
    }

    /** A 3NF design from spec text; {@code dialect} null means the engine of the application's database. */
    public Design design(String specText, String sourceName, DialectKind dialect) {
        return DesignService.design(specText, sourceName, dialect == null ? targetDialect() : dialect);
    }

    /** A 3NF design from a spec file for {@code dialect}; a missing or unreadable file is bad input. */
    public Design designFile(Path spec, DialectKind dialect) {
        return DesignService.designFile(spec, dialect);
    }

    /** The engine of the application's database; the session is only opened to learn it. */
    public DialectKind targetDialect() {
        try (DbSession s = readOnly()) {
            return s.dialect();
        }
    }

    /** Normalisation theory on a relation ("R(A,B,C)") and its dependencies, each "A->B" or "B,C->D". */
    public NormalizationResult normalize(String relation, List<String> fds) {
        List<FdParser.Source> sources = new ArrayList<>();
        for (int i = 0; fds != null && i < fds.size(); i++) {
            sources.add(new FdParser.Source(fds.get(i), "fd #" + (i + 1)));
        }
        return NormalizationAnalyzer.analyze(FdParser.parse(new FdParser.Source(relation, "relation"), sources));
    }

    /** Like {@link #normalize(String, List)} with all dependencies in one text ("A->B; B,C->D"). */
    public NormalizationResult normalize(String relation, String dependencies) {
        return NormalizationAnalyzer.analyze(FdParser.parse(new FdParser.Source(relation, "relation"),
                List.of(new FdParser.Source(dependencies, "dependencies"))));
    }

    /**
     * Normalisation theory on a parsed relation, with the closure of each attribute list in {@code closures}
     * ("A,B"; an unknown attribute is bad input).
     */
    public NormalizationResult normalize(Relation relation, List<String> closures) {
        List<Long> sets = new ArrayList<>();
        for (String c : closures) {
            sets.add(FdParser.attributeSet(relation, c, "--closure"));
        }
        return NormalizationAnalyzer.analyze(relation, sets);
    }

    /**
     * The exact functional dependencies that hold in a table's rows, on {@code sample} rows (null: all); with
     * {@code allowDestructive} the proposed data migration ends by dropping the moved columns.
     */
    public FdDiscovery.Result discoverDependencies(String table, Integer sample, boolean allowDestructive) {
        return discoverDependencies(table, new FdDiscovery.Options(sample, 0, 0, allowDestructive));
    }

    /** The functional dependencies that hold in a table's rows, with the sample, error and width limits given. */
    public FdDiscovery.Result discoverDependencies(String table, FdDiscovery.Options options) {
        try (DbSession s = readOnly()) {
            return FdDiscovery.discover(s, table, options);
        }
    }

    /** Constraints the data supports but the schema lacks, for the given tables (all when null or empty). */
    public Report<Void> inferConstraints(List<String> tables) {
        try (DbSession s = readOnly()) {
            return ConstraintInference.infer(s, tables);
        }
    }

    private DbSession readOnly() {
        return with.requireSessions().open(ConnectionFactory.Access.READ_ONLY);
    }
}

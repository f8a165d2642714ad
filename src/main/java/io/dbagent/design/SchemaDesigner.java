package io.dbagent.design;

import io.dbagent.design.spec.DesignSpec;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.design.spec.DesignSpec.Entity;
import io.dbagent.design.spec.DesignSpec.Relationship;
import io.dbagent.jdbc.DialectKind;
import io.dbagent.report.Finding;
import io.dbagent.schema.Check;
import io.dbagent.schema.Column;
import io.dbagent.schema.ForeignKey;
import io.dbagent.schema.Schema;
import io.dbagent.schema.Table;
import io.dbagent.schema.Trigger;
import io.dbagent.schema.Unique;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Designs a 3NF schema from a spec for one dialect: a table per entity with a surrogate key (int, or bigint where
 * the volumes call for it, or uuid when asked), a foreign key with an index per reference, a unique foreign key per
 * one-to-one, a join table with a composite primary key per many-to-many, NOT NULL/UNIQUE/CHECK from the attribute
 * properties, {@code created_at}/{@code updated_at} with the trigger that maintains the latter, triggers for derived
 * attributes, and full-text search. Then the denormalisation and scale advice.
 */
public final class SchemaDesigner {

    private final SpecModel model;
    private final DesignDialect dialect;
    private final Map<String, TableBuilder> tables = new LinkedHashMap<>();
    private final DesignParts parts = new DesignParts();

    private SchemaDesigner(DesignSpec spec, DialectKind kind) {
        this.model = new SpecModel(spec);
        this.dialect = DesignDialect.of(kind, spec.options());
    }

    public static Design design(DesignSpec spec, DialectKind kind) {
        return new SchemaDesigner(spec, kind).run();
    }

    private Design run() {
        DesignSpec spec = model.spec;
        for (String entity : model.tableOf.keySet()) {
            TableBuilder t = new TableBuilder(entity, model.tableOf.get(entity), model.isJoin(entity),
                    model.volume.get(entity));
            t.keyKind = model.keyKind.get(entity);
            tables.put(entity, t);
        }
        for (Entity e : spec.entities()) {
            entityTable(e);
        }
        model.joins.forEach(this::joinTable);
        for (Link l : model.links) {
            foreignKey(l);
        }
        DerivedResolver resolver = new DerivedResolver(model, dialect::q, !dialect.cascadesFireTriggers());
        for (Entity e : spec.entities()) {
            for (Attribute a : e.attributes()) {
                if (a.derived() != null) {
                    derived(resolver, e, a);
                }
            }
        }
        for (Entity e : spec.entities()) {
            TableBuilder t = tables.get(e.name());
            List<String> search = e.attributes().stream().filter(Attribute::search).map(Attribute::name).toList();
            if (!search.isEmpty()) {
                dialect.fullText(t, search, parts);
            }
        }
        for (TableBuilder t : tables.values()) {
            if (t.hasColumn("updated_at")) {
                dialect.updatedAtTrigger(t, parts);
            }
        }
        return assemble();
    }

    private boolean timestamps(Entity e) {
        return e.timestamps() != null ? e.timestamps() : model.spec.options().timestamps();
    }

    private void entityTable(Entity e) {
        TableBuilder t = tables.get(e.name());
        t.columns.add(dialect.keyColumn(t.keyKind));
        t.primaryKey.add("id");
        for (Link l : model.linksFrom(e.name())) {
            t.columns.add(Column.of(l.column(), dialect.referenceType(model.keyKind.get(l.parent())), !l.required(),
                    null));
        }
        for (Attribute a : e.attributes()) {
            if (a.derived() == null) {
                attribute(t, a);
            }
        }
        for (List<String> u : e.uniques()) {
            t.uniques.add(new Unique(Names.fit("uq_" + t.name + "_" + String.join("_", u)), u));
        }
        if (timestamps(e)) {
            t.columns.add(dialect.timestampColumn("created_at"));
            t.columns.add(dialect.timestampColumn("updated_at"));
        }
    }

    private void joinTable(String join, Relationship r) {
        TableBuilder t = tables.get(join);
        for (Link l : model.linksFrom(join)) {
            t.columns.add(Column.of(l.column(), dialect.referenceType(model.keyKind.get(l.parent())), false, null));
            t.primaryKey.add(l.column());
        }
        r.attributes().forEach(a -> attribute(t, a));
        if (model.spec.options().timestamps()) {
            t.columns.add(dialect.timestampColumn("created_at"));
            if (!r.attributes().isEmpty()) {
                t.columns.add(dialect.timestampColumn("updated_at"));
            }
        }
    }

    private void attribute(TableBuilder t, Attribute a) {
        String def = a.defaultValue() == null ? null : dialect.literal(a.defaultValue(), a.type());
        t.columns.add(Column.of(a.name(), dialect.type(a), !a.required(), def));
        String col = dialect.q(a.name());
        List<String> checks = new ArrayList<>();
        if (a.min() != null) {
            checks.add(col + " >= " + a.min().toPlainString());
        }
        if (a.max() != null) {
            checks.add(col + " <= " + a.max().toPlainString());
        }
        if (!a.enumValues().isEmpty()) {
            checks.add(dialect.inList(col, a.enumValues()));
        }
        if ("email".equals(a.format())) {
            checks.add(dialect.emailCheck(col));
        }
        if (a.type().equals("json") && dialect.jsonCheck(col) != null) {
            checks.add(dialect.jsonCheck(col));
        }
        if (!checks.isEmpty()) {
            String expr = checks.size() == 1 ? checks.get(0)
                    : String.join(" AND ", checks.stream().map(c -> "(" + c + ")").toList());
            t.checks.add(new Check(Names.fit("ck_" + t.name + "_" + a.name()), expr));
        }
        if (a.unique()) {
            t.uniques.add(new Unique(Names.fit("uq_" + t.name + "_" + a.name()), List.of(a.name())));
        }
        if (a.index() && !a.unique()) {
            t.index(List.of(a.name()), false);
        }
    }

    private void foreignKey(Link l) {
        TableBuilder t = tables.get(l.child());
        TableBuilder parent = tables.get(l.parent());
        t.foreignKeys.add(new ForeignKey(Names.fit("fk_" + t.name + "_" + l.column()), List.of(l.column()),
                dialect.schemaName, parent.name, List.of("id"), l.onDelete() == null ? "NO ACTION" : l.onDelete(),
                "NO ACTION"));
        if (l.unique()) {
            t.uniques.add(new Unique(Names.fit("uq_" + t.name + "_" + l.column()), List.of(l.column())));
        } else if (!t.leadingIndexed(List.of(l.column()))) {
            t.index(List.of(l.column()), false);
        }
    }

    private void derived(DerivedResolver resolver, Entity e, Attribute a) {
        TableBuilder t = tables.get(e.name());
        DerivedExpression expr = resolver.parse(e, a);
        int before = timestamps(e) ? t.columns.size() - 2 : t.columns.size();
        String type = dialect.type(a);
        if (!expr.isAggregate()) {
            t.columns.add(before, new Column(a.name(), type, true, null, false, false, null,
                    resolver.generatedExpression(e, a, expr), "stored", null));
            return;
        }
        DerivedPlan plan = resolver.plan(e, a, expr);
        t.columns.add(before, Column.of(a.name(), type, !plan.zeroWhenEmpty(), plan.zeroWhenEmpty() ? "0" : null));
        dialect.derivedTriggers(plan, parts);
    }

    private Design assemble() {
        List<Table> built = tables.values().stream().map(t -> t.build(dialect.schemaName)).toList();
        String product = io.dbagent.dialect.Dialects.of(dialect.kind()).productName(null);
        List<String> schemas = dialect.schemaName == null ? List.of() : List.of(dialect.schemaName);
        Schema noTriggers = new Schema(dialect.kind().id(), product, null, model.spec.name(), schemas, built,
                List.of(), List.of(), List.of(), List.of());
        List<String> statements = new ArrayList<>(dialect.prelude(model.keyKind.containsValue("uuid")));
        statements.addAll(dialect.writer.createSchema(noTriggers));
        statements.addAll(parts.routines);
        statements.addAll(parts.extras);
        for (Trigger tr : parts.triggers) {
            statements.add(dialect.writer.createTrigger(tr));
        }
        Schema schema = new Schema(dialect.kind().id(), product, null, model.spec.name(), schemas, built, List.of(),
                parts.triggers, List.of(), List.of());
        List<Design.QueryAnalysis> queries = QueryPaths.analyse(model, schema);
        List<Finding> findings = DesignAdvisor.advise(model, schema, queries, dialect);
        return new Design(model.spec.name(), dialect.kind().id(), schema, parts.routines, parts.extras, statements,
                dialect.writer.script(statements), queries, findings);
    }
}

package io.dbagent.design;

import io.dbagent.DbAgentException;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.design.spec.DesignSpec.Entity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns a {@code derived:} expression into either a generated-column expression or a {@link DerivedPlan}, checking
 * that it reads something the schema can join: the rows of one entity that reference the owner (its children, or
 * the join entity of one of its many-to-many relationships) and that entity's parents.
 */
final class DerivedResolver {

    private final SpecModel model;
    private final UnaryOperator<String> ident;
    private final boolean mysql;

    DerivedResolver(SpecModel model, UnaryOperator<String> ident, boolean mysql) {
        this.model = model;
        this.ident = ident;
        this.mysql = mysql;
    }

    DerivedExpression parse(Entity owner, Attribute a) {
        try {
            return DerivedExpression.parse(a.derived());
        } catch (IllegalArgumentException e) {
            throw bad(owner, a, e.getMessage());
        }
    }

    /** A row-level expression over the owner's own attributes, as a generated column expression. */
    String generatedExpression(Entity owner, Attribute a, DerivedExpression e) {
        for (DerivedExpression.Token ref : e.references()) {
            if (ref.entity() != null && !ref.entity().equals(owner.name())) {
                throw bad(owner, a, "reads " + ref.text() + " of another entity without an aggregate; "
                        + "use sum/count/min/max/avg over related rows, or only " + owner.name() + "'s own attributes");
            }
            Attribute target = owner.attribute(ref.attribute()).orElseThrow(() -> bad(owner, a,
                    "'" + ref.attribute() + "' is not an attribute of " + owner.name()));
            if (target.derived() != null) {
                throw bad(owner, a, "reads the derived attribute " + target.name() + "; derive from stored attributes");
            }
        }
        return e.render(ref -> ident.apply(new DerivedExpression.Token("ref", ref).attribute()));
    }

    DerivedPlan plan(Entity owner, Attribute a, DerivedExpression e) {
        Set<String> entities = new LinkedHashSet<>();
        for (DerivedExpression.Token ref : e.references()) {
            String ent = e.countsRows() ? ref.text() : ref.entity();
            if (ent == null) {
                throw bad(owner, a, "write '" + ref.text() + "' as ENTITY." + ref.text()
                        + " inside an aggregate, naming whose attribute it is");
            }
            if (!model.tableOf.containsKey(ent)) {
                throw bad(owner, a, "'" + ent + "' is neither an entity nor a join entity (known: "
                        + String.join(", ", model.tableOf.keySet()) + ")");
            }
            entities.add(ent);
        }
        List<String> sources = entities.stream()
                .filter(ent -> model.linksFrom(ent).stream().anyMatch(l -> l.parent().equals(owner.name()))).toList();
        if (sources.isEmpty()) {
            throw bad(owner, a, "none of " + entities + " references " + owner.name()
                    + "; an aggregate reads the rows that belong to the owner (its children or a many-to-many join)");
        }
        if (sources.size() > 1) {
            throw bad(owner, a, "ambiguous: " + sources + " all reference " + owner.name() + "; aggregate over one");
        }
        String source = sources.get(0);
        List<Link> toOwner = model.linksFrom(source).stream().filter(l -> l.parent().equals(owner.name())).toList();
        if (toOwner.size() > 1) {
            throw bad(owner, a, source + " references " + owner.name() + " more than once ("
                    + toOwner.stream().map(Link::column).toList() + "); the aggregate cannot tell which");
        }
        Map<String, List<String>> readColumns = new LinkedHashMap<>();
        for (DerivedExpression.Token ref : e.references()) {
            if (e.countsRows()) {
                break;
            }
            String ent = ref.entity();
            checkAttribute(owner, a, ent, ref.attribute());
            if (!ent.equals(source)) {
                List<Link> via = model.linksFrom(source).stream().filter(l -> l.parent().equals(ent)).toList();
                if (via.size() != 1) {
                    throw bad(owner, a, via.isEmpty()
                            ? ent + " is not a parent of " + source + ", so the aggregate cannot join it"
                            : source + " references " + ent + " more than once; the aggregate cannot tell which");
                }
                readColumns.computeIfAbsent(ent, k -> new ArrayList<>());
                if (!readColumns.get(ent).contains(ref.attribute())) {
                    readColumns.get(ent).add(ref.attribute());
                }
            }
        }
        List<DerivedPlan.Parent> parents = new ArrayList<>();
        for (Link l : model.linksFrom(source)) {
            if (l.parent().equals(owner.name())) {
                continue;
            }
            boolean joined = readColumns.containsKey(l.parent());
            if (joined || (mysql && l.cascades())) {
                parents.add(new DerivedPlan.Parent(model.tableOf.get(l.parent()), l.column(),
                        readColumns.getOrDefault(l.parent(), List.of()), joined, l.cascades()));
            }
        }
        String inner = e.countsRows() ? "*" : e.render(ref -> {
            DerivedExpression.Token t = new DerivedExpression.Token("ref", ref);
            return ident.apply(model.tableOf.get(t.entity())) + "." + ident.apply(t.attribute());
        });
        String agg = e.aggregate().toUpperCase(java.util.Locale.ROOT) + "(" + inner + ")";
        return new DerivedPlan(model.tableOf.get(owner.name()), a.name(), model.tableOf.get(source),
                toOwner.get(0).column(), parents, agg, e.aggregate().equals("sum") || e.aggregate().equals("count"),
                ident);
    }

    private void checkAttribute(Entity owner, Attribute a, String entity, String attribute) {
        if (attribute.equals("id")) {
            return;
        }
        List<Attribute> attrs = model.isJoin(entity) ? model.joins.get(entity).attributes()
                : model.spec.entity(entity).map(Entity::attributes).orElse(List.of());
        boolean fk = model.linksFrom(entity).stream().anyMatch(l -> l.column().equals(attribute));
        Attribute found = attrs.stream().filter(x -> x.name().equals(attribute)).findFirst().orElse(null);
        if (found == null && !fk) {
            throw bad(owner, a, "'" + entity + "' has no attribute '" + attribute + "'");
        }
        if (found != null && found.derived() != null) {
            throw bad(owner, a, "reads the derived attribute " + entity + "." + attribute
                    + "; derive from stored attributes");
        }
    }

    private DbAgentException bad(Entity owner, Attribute a, String problem) {
        return DbAgentException.badInput(model.spec.at(a.line()) + "entity '" + owner.name() + "', attribute '"
                + a.name() + "': derived '" + a.derived() + "': " + problem);
    }
}

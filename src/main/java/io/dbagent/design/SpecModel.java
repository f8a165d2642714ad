package io.dbagent.design;

import io.dbagent.DbAgentException;
import io.dbagent.design.spec.DesignSpec;
import io.dbagent.design.spec.DesignSpec.Attribute;
import io.dbagent.design.spec.DesignSpec.Entity;
import io.dbagent.design.spec.DesignSpec.Relationship;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The logical model behind a spec, checked for meaning: table names, the foreign keys each relationship implies
 * ({@link Link}s), join entities, estimated volumes and key types. Errors name the line and the entity or
 * relationship: a relationship to a missing entity, a cycle of required references (no row could be inserted
 * first), a column that two things want.
 */
final class SpecModel {

    /** Columns the designer adds itself. */
    static final Set<String> GENERATED_COLUMNS = Set.of("id", "created_at", "updated_at", "search_vector");
    /** Two orders of magnitude below the int limit: past this, int keys risk a later, costly migration to bigint. */
    static final long BIGINT_FROM_ROWS = (1L << 31) / 100;

    final DesignSpec spec;

    DesignSpec spec() {
        return spec;
    }
    final Map<String, String> tableOf = new LinkedHashMap<>();
    /** Join entity name → the many-to-many relationship it implements. */
    final Map<String, Relationship> joins = new LinkedHashMap<>();
    final List<Link> links = new ArrayList<>();
    final Map<String, Long> volume = new HashMap<>();
    final Map<String, String> keyKind = new HashMap<>();

    SpecModel(DesignSpec spec) {
        this.spec = spec;
        for (Entity e : spec.entities()) {
            tableOf.put(e.name(), e.table() != null ? e.table() : table(e.name()));
            for (Attribute a : e.attributes()) {
                if (GENERATED_COLUMNS.contains(a.name())) {
                    throw bad(a.line(), "entity '" + e.name() + "', attribute '" + a.name()
                            + "': the designer adds this column itself; remove or rename the attribute");
                }
            }
        }
        for (Relationship r : spec.relationships()) {
            link(r);
        }
        checkColumnClashes();
        checkRequiredCycles();
        for (Map.Entry<String, Long> v : spec.volumes().entrySet()) {
            if (!tableOf.containsKey(v.getKey())) {
                throw bad(spec.volumeLines().get(v.getKey()), "volumes name '" + v.getKey()
                        + "', which is neither an entity nor a join entity (known: " + String.join(", ", tableOf.keySet()) + ")");
            }
        }
        estimateVolumes();
        for (String entity : tableOf.keySet()) {
            keyKind.put(entity, chooseKey(entity));
        }
    }

    private String table(String entity) {
        return spec.options().pluralTables() ? Names.plural(entity) : entity;
    }

    boolean isJoin(String entity) {
        return joins.containsKey(entity);
    }

    private void link(Relationship r) {
        for (String end : List.of(r.from(), r.to())) {
            if (spec.entity(end).isEmpty()) {
                throw bad(r.line(), r.describe() + ": entity '" + end + "' is not defined (entities: "
                        + String.join(", ", spec.entities().stream().map(Entity::name).toList()) + ")");
            }
        }
        if ("SET NULL".equals(r.onDelete()) && r.required()) {
            throw bad(r.line(), r.describe() + ": a required reference cannot be SET NULL on delete");
        }
        boolean self = r.from().equals(r.to());
        switch (r.type()) {
            case "many-to-one" -> links.add(new Link(r.from(), r.to(), stem(r, r.to(), self) + "_id", r.required(),
                    false, r.onDelete(), r));
            case "one-to-many" -> links.add(new Link(r.to(), r.from(), stem(r, r.from(), self) + "_id", r.required(),
                    false, r.onDelete(), r));
            case "one-to-one" -> links.add(new Link(r.to(), r.from(), stem(r, r.from(), self) + "_id", r.required(),
                    true, r.onDelete() == null ? "CASCADE" : r.onDelete(), r));
            default -> {
                String join = r.through() != null ? r.through() : r.from() + "_" + r.to();
                if (tableOf.containsKey(join)) {
                    throw bad(r.line(), r.describe() + ": join entity '" + join + "' clashes with an entity or "
                            + "another join; name it with through: NAME");
                }
                tableOf.put(join, table(join));
                joins.put(join, r);
                // an association with attributes records facts (order lines): deleting the far side must not erase
                // them silently, so only a pure association cascades from both sides
                String fromDelete = r.onDelete() == null ? "CASCADE" : r.onDelete();
                String toDelete = r.onDelete() != null ? r.onDelete() : r.attributes().isEmpty() ? "CASCADE" : "RESTRICT";
                links.add(new Link(join, r.from(), r.from() + "_id", true, false, fromDelete, r));
                String other = r.as() != null ? r.as() : self ? "related_" + r.to() : r.to();
                links.add(new Link(join, r.to(), other + "_id", true, false, toDelete, r));
            }
        }
    }

    private static String stem(Relationship r, String parent, boolean self) {
        return r.as() != null ? r.as() : self ? "parent" : parent;
    }

    private void checkColumnClashes() {
        Map<String, Link> seen = new HashMap<>();
        for (Link l : links) {
            Link before = seen.put(l.child() + "." + l.column(), l);
            if (before != null) {
                throw bad(l.relationship().line(), l.relationship().describe() + ": column " + tableOf.get(l.child())
                        + "." + l.column() + " is already used by " + before.relationship().describe()
                        + "; name one of them with as: ROLE");
            }
            spec.entity(l.child()).flatMap(e -> e.attribute(l.column())).ifPresent(a -> {
                throw bad(l.relationship().line(), l.relationship().describe() + ": its foreign key column "
                        + l.column() + " clashes with attribute " + l.child() + "." + a.name());
            });
        }
    }

    /** A cycle of NOT NULL references can never receive its first row (without deferred constraints). */
    private void checkRequiredCycles() {
        Map<String, List<Link>> out = new HashMap<>();
        for (Link l : links) {
            if (l.required() && !isJoin(l.child())) {
                out.computeIfAbsent(l.child(), k -> new ArrayList<>()).add(l);
            }
        }
        for (String start : out.keySet()) {
            List<Link> path = new ArrayList<>();
            if (cycleFrom(start, start, out, path, new java.util.HashSet<>())) {
                StringBuilder names = new StringBuilder(start);
                path.forEach(l -> names.append(" -> ").append(l.parent()));
                Relationship first = path.get(0).relationship();
                boolean allOneToOne = path.stream().allMatch(l -> l.relationship().type().equals("one-to-one"));
                throw bad(first.line(), (allOneToOne ? "cyclic required one-to-one: " : "cycle of required references: ")
                        + names + " (" + String.join(", ", path.stream().map(l -> l.relationship().describe()
                        + " at line " + l.relationship().line()).toList()) + "): no row could be inserted first; "
                        + "make one side optional (required: false)");
            }
        }
    }

    private boolean cycleFrom(String start, String at, Map<String, List<Link>> out, List<Link> path,
                              Set<String> visited) {
        for (Link l : out.getOrDefault(at, List.of())) {
            path.add(l);
            if (l.parent().equals(start)) {
                return true;
            }
            if (visited.add(l.parent()) && cycleFrom(start, l.parent(), out, path, visited)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    /** A child has at least as many rows as the parents it belongs to, unless the spec says otherwise. */
    private void estimateVolumes() {
        tableOf.keySet().forEach(e -> volume.put(e, spec.volumes().getOrDefault(e, 0L)));
        for (int round = 0; round < tableOf.size(); round++) {
            boolean changed = false;
            for (Link l : links) {
                if (l.unique() || spec.volumes().containsKey(l.child())) {
                    continue;
                }
                long parentRows = volume.get(l.parent());
                if (parentRows > volume.get(l.child())) {
                    volume.put(l.child(), parentRows);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
    }

    private String chooseKey(String entity) {
        String explicit = spec.entity(entity).map(Entity::key).orElse(null);
        String k = explicit != null ? explicit : spec.options().keys();
        if (!k.equals("auto")) {
            return k;
        }
        return volume.get(entity) >= BIGINT_FROM_ROWS ? "bigint" : "int";
    }

    List<Link> linksFrom(String child) {
        return links.stream().filter(l -> l.child().equals(child)).toList();
    }

    DbAgentException bad(Integer line, String message) {
        return DbAgentException.badInput(spec.at(line == null ? 0 : line) + message);
    }
}

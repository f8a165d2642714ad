package io.dbagent.design.spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A design spec as the user wrote it (YAML or JSON), validated for structure. Every element remembers the line it
 * came from, so the designer's semantic errors can point at it too.
 */
public record DesignSpec(String name, String source, Options options, List<Entity> entities,
                         List<Relationship> relationships, List<QueryPattern> queries, Map<String, Long> volumes,
                         Map<String, Integer> volumeLines) {

    public static final List<String> TYPES = List.of("string", "text", "int", "bigint", "decimal", "boolean", "date",
            "timestamp", "uuid", "json", "enum");
    public static final List<String> RELATIONSHIP_TYPES = List.of("one-to-one", "one-to-many", "many-to-one",
            "many-to-many");

    public DesignSpec {
        entities = List.copyOf(entities);
        relationships = List.copyOf(relationships);
        queries = List.copyOf(queries);
        volumes = Map.copyOf(volumes);
        volumeLines = Map.copyOf(volumeLines);
    }

    public Optional<Entity> entity(String entityName) {
        return entities.stream().filter(e -> e.name().equals(entityName)).findFirst();
    }

    /** "spec.yaml line 12: " for messages. */
    public String at(int line) {
        return source + (line > 0 ? " line " + line : "") + ": ";
    }

    /**
     * @param keys           {@code auto} (int, bigint where volumes say so), {@code int}, {@code bigint} or {@code uuid}
     * @param uuidVersion    {@code v7} or {@code random}, for uuid keys
     * @param timestamps     add {@code created_at}/{@code updated_at} to every entity table
     * @param pluralTables   name tables in the plural ({@code user} → {@code users})
     * @param searchLanguage text search configuration for PostgreSQL ({@code english})
     */
    public record Options(String keys, String uuidVersion, boolean timestamps, boolean pluralTables,
                          String searchLanguage) {
        public static Options defaults() {
            return new Options("auto", "v7", true, true, "english");
        }
    }

    /** An entity: a table with a surrogate key. */
    public record Entity(String name, String table, List<Attribute> attributes, Boolean timestamps, String key,
                         List<List<String>> uniques, int line) {
        public Entity {
            attributes = List.copyOf(attributes);
            uniques = List.copyOf(uniques);
        }

        public Optional<Attribute> attribute(String attributeName) {
            return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
        }
    }

    /**
     * An attribute. {@code type} is one of {@link #TYPES}; {@code enumValues} is set for enums; {@code derived} is
     * the expression of a derived attribute.
     */
    public record Attribute(String name, String type, boolean required, boolean unique, String format,
                            BigDecimal min, BigDecimal max, Integer length, Integer precision, Integer scale,
                            Object defaultValue, List<String> enumValues, String derived, boolean search,
                            boolean index, String comment, int line) {
        public Attribute {
            enumValues = enumValues == null ? List.of() : List.copyOf(enumValues);
        }
    }

    /**
     * A relationship. {@code from}/{@code to} are entity names; {@code as} renames the foreign key column's stem
     * ({@code as: buyer} → {@code buyer_id}); {@code through} names the join table entity of a many-to-many.
     */
    public record Relationship(int index, String from, String to, String type, boolean required, String as,
                               String through, List<Attribute> attributes, String onDelete, int line) {
        public Relationship {
            attributes = List.copyOf(attributes);
        }

        public String describe() {
            return "relationship " + (index + 1) + " (" + from + " " + type + " " + to + ")";
        }
    }

    /** A query pattern: the entities it reads together and how often it runs. */
    public record QueryPattern(String name, List<String> entities, double perSecond, int line) {
        public QueryPattern {
            entities = List.copyOf(entities);
        }
    }
}

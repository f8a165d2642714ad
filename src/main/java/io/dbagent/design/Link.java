package io.dbagent.design;

import io.dbagent.design.spec.DesignSpec.Relationship;

/**
 * A foreign key the designer will create: {@code child.column} references {@code parent.id}. Children and parents
 * are entity names (a many-to-many's join entity is a child of both sides).
 */
record Link(String child, String parent, String column, boolean required, boolean unique, String onDelete,
            Relationship relationship) {

    boolean cascades() {
        return "CASCADE".equals(onDelete) || "SET NULL".equals(onDelete);
    }
}

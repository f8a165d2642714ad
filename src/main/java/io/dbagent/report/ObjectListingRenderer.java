package io.dbagent.report;

import io.dbagent.schema.DbObject;
import io.dbagent.schema.ObjectListing;

import java.util.Locale;

/** Text for {@code dbagent objects} / {@code dbagent schemas} and the chat's {@code \dt}, {@code \dn}, … */
public final class ObjectListingRenderer {

    private ObjectListingRenderer() {
    }

    public static String objects(ObjectListing l) {
        TextTable t = new TextTable("schema", "name", "kind", "rows (est.)", "size");
        for (DbObject o : l.objects()) {
            t.row(o.schema(), o.name(), o.kind() + (o.partitions() == null ? "" : " (" + o.partitions() + " partitions)"),
                    o.rows() == null ? "" : String.format(Locale.ROOT, "%,d", o.rows()),
                    o.bytes() == null ? "" : SchemaRenderer.bytes(o.bytes()));
        }
        return t.render("") + "(" + l.objects().size() + " objects)\n";
    }

    public static String schemas(ObjectListing l) {
        TextTable t = new TextTable("schema", "objects");
        l.schemas().forEach(s -> t.row(s.name(), s.objects() == null ? "" : s.objects()));
        return t.render("") + "(" + l.schemas().size() + " schemas)\n";
    }
}

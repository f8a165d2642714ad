package io.dbagent.dialect;

import io.dbagent.jdbc.DbSession;
import io.dbagent.schema.ObjectListing;
import io.dbagent.schema.Schema;

/**
 * Reads a live database into the neutral {@link Schema}. Implementations use a handful of catalog queries per
 * database (one per object kind), never one query per table, so that catalogs with thousands of tables stay fast.
 * System schemas are excluded. SQL errors are reported as {@link io.dbagent.DbAgentException} with code DATABASE.
 */
public interface SchemaInspector {

    Schema inspect(DbSession session);

    /**
     * The user schemas and their objects by name, kind, estimated rows and size, from one or two catalog queries and
     * without columns, keys or indexes: what to call before a full {@link #inspect} of a large database.
     */
    ObjectListing listObjects(DbSession session);
}

package io.dbagent.migrate;

/** Engine-specific queries of the integrity checks. */
final class IntegritySql {

    private IntegritySql() {
    }

    /** PostgreSQL foreign key and check constraints added NOT VALID and never validated. */
    static final String PG_NOT_VALID = """
            SELECT n.nspname, c.relname, con.conname
              FROM pg_constraint con
              JOIN pg_class c ON c.oid = con.conrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT con.convalidated AND con.contype IN ('f', 'c')
               AND n.nspname NOT IN ('pg_catalog', 'information_schema')
             ORDER BY 1, 2, 3""";
}

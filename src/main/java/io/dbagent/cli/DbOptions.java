package io.dbagent.cli;

import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import picocli.CommandLine.Option;

import java.util.Map;

/** The {@code --db} option every database command shares. */
public final class DbOptions {

    @Option(names = {"--db", "-d"}, paramLabel = "URL",
            description = "Database URL (postgres://, mysql://, mariadb://, sqlite:PATH, FILE.db, jdbc:…). "
                    + "Defaults to $DBAGENT_DB, then $DATABASE_URL.")
    String db;

    public DbUrl resolve(Map<String, String> env) {
        return DbUrlParser.fromOptionOrEnv(db, env);
    }
}

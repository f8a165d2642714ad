package io.dbagent.cli;

import io.dbagent.demo.DemoReport;
import io.dbagent.demo.DemoService;
import io.dbagent.jdbc.DbUrl;
import io.dbagent.jdbc.DbUrlParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Build a shop database with ~290K rows and run dbagent on it.",
                "",
                "Creates users, categories, products, orders and order_items (220,000 rows by default), then runs "
                        + "every capability on it. SQLite by default, in a new temporary directory that is removed "
                        + "afterwards unless --keep (or --dir DIR, which is always kept). With --db it runs on "
                        + "PostgreSQL (in its own schema " + DemoService.DEMO_SCHEMA + ") or MySQL/MariaDB (in its own "
                        + "database " + DemoService.DEMO_SCHEMA + "), dropped afterwards unless --keep. "
                        + "It never touches existing objects."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--db", paramLabel = "URL",
            description = "Run on this PostgreSQL or MySQL/MariaDB server instead of a new SQLite file.")
    String db;

    @Option(names = "--dir", paramLabel = "DIR", description = "SQLite: directory for shop.db (default: a new temp directory).")
    Path dir;

    @Option(names = "--rows", defaultValue = "220000", paramLabel = "N",
            description = "Number of order_items rows; other tables scale with it. Default: ${DEFAULT-VALUE}.")
    int rows;

    @Option(names = "--keep", description = "Keep what the demo built: the SQLite file and its folder, or the schema/database on a server.")
    boolean keep;

    @Option(names = "--schema", defaultValue = DemoService.DEMO_SCHEMA, paramLabel = "NAME",
            description = "Server only: name of the schema (PostgreSQL) or database (MySQL/MariaDB) the demo creates. "
                    + "Default: ${DEFAULT-VALUE}.")
    String schema;

    @Override
    public Integer call() {
        DbUrl url = db == null ? null : DbUrlParser.parse(db);
        DemoService.Result result = DemoService.run(dir, url, rows, keep, schema, true);
        main.spec.commandLine().getOut().print(DemoReport.text(result));
        main.spec.commandLine().getOut().flush();
        return 0;
    }
}

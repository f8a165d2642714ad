package io.dbagent.cli;

import io.dbagent.DbAgentException;
import io.dbagent.design.normalize.FdParser;
import io.dbagent.design.normalize.FdDiscovery;
import io.dbagent.design.normalize.NormalizationRenderer;
import io.dbagent.design.normalize.NormalizationResult;
import io.dbagent.design.normalize.Relation;
import io.dbagent.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "normalize", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Normalisation theory for a relation and its functional dependencies, or FDs discovered in a "
                + "table's rows.",
                "",
                "Reports attribute closures, all candidate keys, prime attributes, the minimal cover, the highest normal "
                        + "form (1NF, 2NF, 3NF, BCNF) with each violating FD explained, a 3NF synthesis and a BCNF "
                        + "decomposition, both checked lossless by the chase, and which FDs BCNF loses.",
                "",
                "  dbagent normalize --relation \"R(A,B,C,D,E)\" --fd \"A->B\" --fd \"B,C->D\"",
                "  dbagent normalize --file relation.fd        (first line the relation, then one FD per line)",
                "  dbagent normalize --db URL --table T [--sample N] [--max-error E] [--max-lhs K]   (discover FDs, read-only)"})
final class NormalizeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = {"--relation", "-r"}, paramLabel = "R(A,B,…)", description = "The relation schema.")
    String relation;

    @Option(names = "--fd", paramLabel = "X->Y", description = "A functional dependency, e.g. \"B,C->D\"; repeatable.")
    List<String> fds = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "Read the relation and FDs from a file instead.")
    Path file;

    @Option(names = "--closure", paramLabel = "A,B", description = "Also print the closure of this attribute set; repeatable.")
    List<String> closures = new ArrayList<>();

    @Mixin
    DbOptions dbOptions;

    @Option(names = {"--table", "-t"}, paramLabel = "NAME", description = "Discover the FDs of this table (with --db).")
    String table;

    @Option(names = "--sample", paramLabel = "N", description = "Read at most N rows (default: all).")
    Integer sample;

    @Option(names = "--max-error", paramLabel = "E", defaultValue = "0",
            description = "Accept approximate FDs violated by at most this fraction of rows (g3 error). Default: exact.")
    double maxError;

    @Option(names = "--max-lhs", paramLabel = "K", defaultValue = "0",
            description = "Only look for FDs with at most K attributes on the left (0: no limit; wide tables).")
    int maxLhs;

    @Option(names = "--allow-destructive",
            description = "With --table: end the data migration by dropping the moved columns (after its row-count "
                    + "checks). Without it nothing is dropped.")
    boolean allowDestructive;

    @Option(names = {"--format", "-f"}, defaultValue = "text", paramLabel = "text|json|markdown",
            description = "Output format. Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        OutputFormat fmt = Formats.require("normalize", format, OutputFormat.TEXT, OutputFormat.JSON,
                OutputFormat.MARKDOWN);
        String out;
        if (table != null) {
            if (relation != null || file != null || !fds.isEmpty()) {
                throw DbAgentException.badInput("normalize: use either --table (discover FDs) or --relation/--fd/--file");
            }
            out = DiscoverySupport.render(main.app(dbOptions.resolve(main.env())).schema().discoverDependencies(table,
                    new FdDiscovery.Options(sample, maxError, maxLhs, allowDestructive)), fmt);
        } else {
            out = NormalizationRenderer.render(analyze(), fmt);
        }
        main.spec.commandLine().getOut().print(out);
        main.spec.commandLine().getOut().flush();
        return 0;
    }

    private NormalizationResult analyze() {
        Relation r;
        if (file != null) {
            if (relation != null || !fds.isEmpty()) {
                throw DbAgentException.badInput("normalize: use either --file or --relation/--fd, not both");
            }
            r = FdParser.parseFile(read(file), file.toString());
        } else if (relation != null) {
            List<FdParser.Source> sources = new ArrayList<>();
            for (int i = 0; i < fds.size(); i++) {
                sources.add(new FdParser.Source(fds.get(i), "--fd #" + (i + 1)));
            }
            r = FdParser.parse(new FdParser.Source(relation, "--relation"), sources);
        } else {
            throw DbAgentException.badInput("normalize needs --relation with --fd, --file, or --db with --table");
        }
        return main.app(null).schema().normalize(r, closures);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DbAgentException.badInput("cannot read " + p + ": " + (e.getMessage() == null ? e : e.getMessage()));
        }
    }
}

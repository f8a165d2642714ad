package io.dbagent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure of {@code src/main}, read from the sources: no cycle between the top-level packages
 * ({@code advisor}, {@code diff}, {@code migrate}, …), and no face (the CLI with its REPL, the MCP server, the agent's
 * tool adapters) calling another face except along the edges listed in {@link #ALLOWED_FACE_EDGES}. References are
 * the {@code io.dbagent.…} names in the code (imports and fully qualified names), comments and strings left out;
 * references inside one package need no import and are free.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/dbagent");

    /**
     * Face-to-face references that exist by design or as known debt, as "source file -> target class", each with why.
     * A new one fails {@link #noFaceCallsAnotherFace()}: put the shared logic below the faces instead.
     */
    private static final Map<String, String> ALLOWED_FACE_EDGES = Map.ofEntries(
            Map.entry("cli/AgentOptions -> agent/DatabaseTools",
                    "the CLI assembles the tool set that ask, chat and mcp hand to the model"),
            Map.entry("cli/AskCommand -> agent/DatabaseTools",
                    "ask gives the tool set to the agent it runs"),
            Map.entry("cli/McpCommand -> agent/DatabaseTools",
                    "dbagent mcp builds the tool set the MCP server serves"),
            Map.entry("cli/McpCommand -> mcp/McpStdioServer",
                    "dbagent mcp is the command that starts the MCP server"),
            Map.entry("cli/repl/Repl -> agent/DatabaseTools",
                    "the chat REPL gives the tool set to its agent and to its own commands"),
            Map.entry("mcp/McpStdioServer -> agent/DatabaseTools",
                    "the MCP server serves the agent's tools by design"),
            Map.entry("mcp/McpToolCatalog -> agent/DatabaseTools",
                    "the MCP tool list is built from the tools' annotations"));

    /** {@code io.dbagent.} then lower-case package segments, then the class named. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.dbagent\\.((?:[a-z][a-z0-9_]*\\.)*)([A-Z]\\w*|\\*)");

    /** One reference from a source file (path under io/dbagent without .java) to a class or a wildcard. */
    record Reference(String file, String targetPackage, String targetClass) {
        String sourceTop() {
            return top(packageOf(file));
        }

        String targetTop() {
            return top(targetPackage);
        }
    }

    @Test
    void noPackageCycle() throws IOException {
        List<Reference> refs = scan(SOURCES);
        assertThat(refs).as("the scan finds the references between packages").hasSizeGreaterThan(100);
        // The dialect package composes each engine's parts of the capabilities (plan rules, lint rules, health
        // checks, change writers…), so it refers to their types: its references to the capabilities are not edges of
        // the cycle check. In return a capability reaches an engine only through io.dbagent.dialect (the Dialect
        // interface and the Dialects registry), never io.dbagent.dialect.<engine> directly; every other cycle fails.
        List<Reference> withoutComposition = refs.stream().filter(r -> !r.sourceTop().equals("dialect")
                || r.targetTop().equals("jdbc") || r.targetTop().equals("schema") || r.targetTop().equals("sql")
                || r.targetTop().equals("report") || r.targetTop().isEmpty()).toList();
        Set<String> intoAnEngine = new TreeSet<>();
        for (Reference r : refs) {
            if (!r.sourceTop().equals("dialect") && r.targetPackage().matches("dialect\\.(postgres|mysql|sqlite)\\.")) {
                intoAnEngine.add(r.file() + " -> " + r.targetPackage() + r.targetClass());
            }
        }
        assertThat(intoAnEngine).as("capability code that names an engine's class; ask Dialects.of(…) for the part")
                .isEmpty();
        Map<String, Map<String, List<String>>> graph = graph(withoutComposition);
        assertThat(graph.keySet()).as("top-level packages seen").contains("advisor", "cli", "diff", "migrate", "guard");
        assertThat(cycles(graph)).as("package cycles in src/main (each edge names the files that make it)").isEmpty();
    }

    @Test
    void noFaceCallsAnotherFace() throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (Reference r : scan(SOURCES)) {
            String from = face(r.file());
            String target = r.targetPackage().replace('.', '/') + r.targetClass();
            String to = face(target);
            if (from != null && to != null && !from.equals(to)) {
                found.put(r.file() + " -> " + target, from + " calls " + to);
            }
        }
        Set<String> unexpected = new TreeSet<>(found.keySet());
        unexpected.removeAll(ALLOWED_FACE_EDGES.keySet());
        assertThat(unexpected).as("a face calls another face; move the shared logic below the faces").isEmpty();
        // an allowed edge that no longer exists is removed from the list, so the list stays the truth
        Set<String> stale = new TreeSet<>(ALLOWED_FACE_EDGES.keySet());
        stale.removeAll(found.keySet());
        assertThat(stale).as("allowed face edges that no longer exist").isEmpty();
    }

    @Test
    void theApplicationLayerCallsNoFace() throws IOException {
        List<String> found = scan(SOURCES).stream().filter(r -> top(packageOf(r.file())).equals("app"))
                .filter(r -> List.of("cli", "agent", "mcp").contains(r.targetTop()))
                .map(r -> r.file() + " -> " + r.targetPackage().replace('.', '/') + r.targetClass()).distinct().toList();
        assertThat(found).as("app/ is below the faces: the CLI, the agent and the MCP server call it, never back").isEmpty();
    }

    @Test
    void theCycleCheckNamesACycleAndItsFiles() {
        List<Reference> refs = List.of(
                new Reference("a/One", "b.", "Two"),
                new Reference("b/Two", "c.", "Three"),
                new Reference("c/Three", "a.", "One"),
                new Reference("c/Three", "d.", "Four"));
        List<String> cycles = cycles(graph(refs));
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).startsWith("a -> b -> c -> a").contains("a/One", "b/Two", "c/Three")
                .doesNotContain("d/Four");
    }

    @Test
    void theScanReadsCodeNotCommentsOrStrings() {
        String src = """
                package io.dbagent.diff;
                import io.dbagent.schema.Schema;
                // io.dbagent.migrate.Comment
                /* io.dbagent.migrate.Block */
                class X { String s = "io.dbagent.migrate.Text"; Object o = io.dbagent.report.Finding.Severity.HIGH; }
                """;
        List<Reference> refs = references("diff/X", src);
        assertThat(refs).extracting(r -> r.targetPackage() + r.targetClass())
                .containsExactly("schema.Schema", "report.Finding");
    }

    @Test
    void facesAreTheCliTheMcpServerAndTheToolAdapters() {
        assertThat(face("cli/repl/Repl")).isEqualTo("cli");
        assertThat(face("mcp/McpStdioServer")).isEqualTo("mcp");
        assertThat(face("agent/QueryTools")).isEqualTo("agent tools");
        assertThat(face("agent/DatabaseAgent")).isNull();
        assertThat(face("advisor/IndexAdvisor")).isNull();
    }

    /** The face a class belongs to, or null for the layers below the faces. */
    static String face(String classPath) {
        if (classPath.startsWith("cli/")) {
            return "cli";
        }
        if (classPath.startsWith("mcp/")) {
            return "mcp";
        }
        if (classPath.startsWith("agent/") && classPath.indexOf('/', 6) < 0 && classPath.endsWith("Tools")) {
            return "agent tools";
        }
        return null;
    }

    static List<Reference> scan(Path root) throws IOException {
        List<Reference> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                out.addAll(references(rel.substring(0, rel.length() - ".java".length()), Files.readString(p)));
            }
        }
        return out;
    }

    static List<Reference> references(String file, String source) {
        List<Reference> out = new ArrayList<>();
        Matcher m = REFERENCE.matcher(codeOnly(source));
        while (m.find()) {
            String pkg = m.group(1);
            if (pkg.isEmpty()) {
                continue; // a root class such as DbAgentException belongs to no package; the package line names none
            }
            out.add(new Reference(file, pkg, m.group(2)));
        }
        return out;
    }

    /** Package → target package → the files that make the edge. Same-package references are free. */
    static Map<String, Map<String, List<String>>> graph(List<Reference> refs) {
        Map<String, Map<String, List<String>>> g = new TreeMap<>();
        for (Reference r : refs) {
            String from = r.sourceTop();
            String to = r.targetTop();
            g.computeIfAbsent(from, k -> new TreeMap<>());
            g.computeIfAbsent(to, k -> new TreeMap<>());
            if (from.isEmpty() || to.isEmpty() || from.equals(to)) {
                continue;
            }
            List<String> files = g.get(from).computeIfAbsent(to, k -> new ArrayList<>());
            if (!files.contains(r.file())) {
                files.add(r.file());
            }
        }
        return g;
    }

    /** One shortest cycle per strongly connected group of packages, as "a -> b -> a (a: files; b: files)". */
    static List<String> cycles(Map<String, Map<String, List<String>>> g) {
        List<String> out = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (String start : g.keySet()) {
            if (reported.contains(start)) {
                continue;
            }
            List<String> path = shortestCycle(g, start);
            if (path != null) {
                reported.addAll(path);
                StringBuilder sb = new StringBuilder(String.join(" -> ", path)).append(" (");
                for (int i = 0; i + 1 < path.size(); i++) {
                    sb.append(i == 0 ? "" : "; ").append(path.get(i)).append(" -> ").append(path.get(i + 1))
                            .append(" in ").append(g.get(path.get(i)).get(path.get(i + 1)));
                }
                out.add(sb.append(')').toString());
            }
        }
        return out;
    }

    private static List<String> shortestCycle(Map<String, Map<String, List<String>>> g, String start) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String n = queue.poll();
            for (String next : g.getOrDefault(n, Map.of()).keySet()) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String at = n; at != null && !at.equals(start); at = parent.get(at)) {
                        path.add(1, at);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next)) {
                    parent.put(next, n);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static String packageOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash + 1).replace('/', '.');
    }

    private static String top(String pkg) {
        int dot = pkg.indexOf('.');
        return dot < 0 ? pkg : pkg.substring(0, dot);
    }

    /** The source with comments, string and character literals blanked, so that only code is searched. */
    static String codeOnly(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
                out.append(' ');
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                i = end < 0 ? s.length() : end + 3;
                out.append("\"\"");
            } else if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                char q = s.charAt(i++);
                while (i < s.length() && s.charAt(i) != q) {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                out.append(q).append(q);
            } else {
                out.append(s.charAt(i++));
            }
        }
        return out.toString();
    }
}

package io.dbagent.design.normalize;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Textbook relations as data files ({@code src/test/resources/normalize/cases}): the relation and FDs in the
 * {@code --file} format, the known answer in {@code #=} lines. Each case also checks the analysis against the
 * exhaustive {@link BruteForce} oracle and verifies both decompositions: lossless by the chase, every component in
 * the promised normal form, the 3NF synthesis dependency preserving, and exactly the reported FDs lost by BCNF.
 */
class NormalizationCasesTest {

    static List<Path> caseFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(NormalizationCasesTest.class.getResource("/normalize/cases")).toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".fd")).sorted().toList();
        }
    }

    @Test
    void thereAreAtLeastTwentyTextbookCases() throws Exception {
        assertThat(caseFiles()).hasSizeGreaterThanOrEqualTo(20);
    }

    @TestFactory
    Stream<DynamicTest> everyCase() throws Exception {
        return caseFiles().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        String text = Files.readString(file);
        Map<String, String> expect = expectations(text);
        Relation r = FdParser.parseFile(text, file.getFileName().toString());
        NormalizationAnalyzer.Analysis a = NormalizationAnalyzer.analysis(r);
        NormalizationResult res = NormalizationAnalyzer.analyze(r);

        // the written-down answer
        assertThat(keySet(res.candidateKeys())).as("keys").isEqualTo(expectedKeys(expect.get("keys")));
        assertThat(res.normalForm().label()).as("normal form").isEqualTo(expect.get("nf"));
        if (expect.containsKey("cover")) {
            assertThat(new HashSet<>(res.minimalCover())).as("canonical cover")
                    .isEqualTo(new HashSet<>(deps(r, expect.get("cover"))));
        }
        if (expect.containsKey("lostInBcnf")) {
            assertThat(res.lostDependencies()).as("lost in BCNF").containsExactlyInAnyOrderElementsOf(
                    deps(r, expect.get("lostInBcnf")));
        }

        // the oracle agrees
        assertThat(new HashSet<>(a.keys())).as("keys vs brute force")
                .isEqualTo(new HashSet<>(BruteForce.keys(r.all(), r.fds())));
        assertThat(a.normalForm()).as("normal form vs brute force").isEqualTo(BruteForce.normalForm(r.all(), r.fds()));
        long prime = a.keys().stream().reduce(0L, (x, y) -> x | y);
        assertThat(res.primeAttributes()).isEqualTo(r.sortedNames(prime));

        // the minimal cover is equivalent to F, left-reduced and without redundant FDs
        for (Fd fd : r.fds()) {
            assertThat(FdTheory.implies(a.minimalCover(), fd)).as("cover implies " + r.format(fd)).isTrue();
        }
        for (Fd fd : a.minimalCover()) {
            assertThat(FdTheory.implies(r.fds(), fd)).isTrue();
            assertThat(Long.bitCount(fd.rhs())).isEqualTo(1);
            List<Fd> others = new ArrayList<>(a.minimalCover());
            others.remove(fd);
            assertThat(FdTheory.implies(others, fd)).as("redundant " + r.format(fd)).isFalse();
            for (int b : FdTheory.bitsOf(fd.lhs())) {
                long smaller = fd.lhs() & ~(1L << b);
                if (smaller != 0) {
                    assertThat(FdTheory.implies(r.fds(), new Fd(smaller, fd.rhs())))
                            .as("extraneous attribute in " + r.format(fd)).isFalse();
                }
            }
        }

        // violations: none exactly when BCNF, and each names an FD that really holds and whose LHS is no superkey
        assertThat(res.violations().isEmpty()).isEqualTo(a.normalForm() == NormalForm.BCNF);
        for (NormalizationResult.Violation v : res.violations()) {
            Fd fd = new Fd(r.mask(v.lhs()), r.mask(v.rhs()));
            assertThat(FdTheory.implies(r.fds(), fd)).isTrue();
            assertThat(BruteForce.closure(fd.lhs(), r.fds())).isNotEqualTo(r.all());
            assertThat(v.normalForm().compareTo(a.normalForm())).as("violation above the reported form").isPositive();
        }
        if (a.normalForm() != NormalForm.BCNF) {
            assertThat(res.violations()).as("a violation of the next form up")
                    .anyMatch(v -> v.normalForm().ordinal() == a.normalForm().ordinal() + 1);
        }

        // 3NF synthesis: lossless by the chase, every component in 3NF, every FD preserved
        assertThat(FdTheory.losslessByChase(r.attributes().size(), a.threeNf(), r.fds())).isTrue();
        assertThat(union(a.threeNf())).isEqualTo(r.all());
        for (long c : a.threeNf()) {
            assertThat(BruteForce.normalForm(c, r.fds()).atLeast(NormalForm.NF3))
                    .as("3NF component " + r.names(c)).isTrue();
        }
        for (Fd fd : r.fds()) {
            assertThat(FdTheory.preserved(fd, a.threeNf(), r.fds())).isTrue();
        }
        // BCNF: lossless by the chase, every component in BCNF, lost FDs exactly those not preserved
        assertThat(FdTheory.losslessByChase(r.attributes().size(), a.bcnf(), r.fds())).isTrue();
        assertThat(union(a.bcnf())).isEqualTo(r.all());
        for (long c : a.bcnf()) {
            assertThat(BruteForce.normalForm(c, r.fds())).as("BCNF component " + r.names(c)).isEqualTo(NormalForm.BCNF);
        }
        assertThat(res.lossless()).isTrue();
        assertThat(res.dependencyPreserving()).isEqualTo(a.lostInBcnf().isEmpty());
        // each component's key is a key of the projection
        for (NormalizationResult.Component c : res.decompositionBCNF()) {
            long comp = r.mask(c.attributes());
            assertThat(BruteForce.keys(comp, r.fds())).contains(r.mask(c.key()));
        }
    }

    private static long union(List<Long> parts) {
        return parts.stream().reduce(0L, (x, y) -> x | y);
    }

    static Map<String, String> expectations(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#=")) {
                int colon = line.indexOf(':');
                m.put(line.substring(2, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return m;
    }

    private static Set<Set<String>> keySet(List<List<String>> keys) {
        Set<Set<String>> out = new HashSet<>();
        keys.forEach(k -> out.add(new HashSet<>(k)));
        return out;
    }

    private static Set<Set<String>> expectedKeys(String spec) {
        Set<Set<String>> out = new HashSet<>();
        for (String k : spec.split("\\|")) {
            out.add(new HashSet<>(List.of(k.trim().split("\\s*,\\s*"))));
        }
        return out;
    }

    private static List<NormalizationResult.Dependency> deps(Relation r, String spec) {
        List<NormalizationResult.Dependency> out = new ArrayList<>();
        for (String piece : spec.split(";")) {
            Fd fd = FdParser.parseFd(r, piece.trim(), "expectation");
            out.add(new NormalizationResult.Dependency(r.sortedNames(fd.lhs()), r.sortedNames(fd.rhs())));
        }
        return out;
    }
}

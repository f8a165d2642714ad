package io.dbagent.design.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbagent.cli.CliRunner;
import io.dbagent.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dbagent normalize} through the CLI: the JSON contract, --file, and one-line errors with exit 2. */
class NormalizeCliTest {

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        var r = CliRunner.run("normalize", "--relation", "R(A,B,C,D,E)", "--fd", "A->B", "--fd", "B,C->D",
                "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.MAPPER.readTree(r.out());
        assertThat(j.get("candidateKeys").toString()).isEqualTo("[[\"A\",\"C\",\"E\"]]");
        assertThat(j.get("primeAttributes").toString()).isEqualTo("[\"A\",\"C\",\"E\"]");
        assertThat(j.get("minimalCover").toString())
                .isEqualTo("[{\"lhs\":[\"A\"],\"rhs\":[\"B\"]},{\"lhs\":[\"B\",\"C\"],\"rhs\":[\"D\"]}]");
        assertThat(j.get("normalForm").asText()).isEqualTo("1NF");
        assertThat(j.get("violations")).hasSize(2);
        assertThat(j.get("violations").get(0).get("normalForm").asText()).isEqualTo("2NF");
        assertThat(j.get("violations").get(0).get("reason").asText()).contains("partial dependency");
        assertThat(j.get("violations").get(1).get("normalForm").asText()).isEqualTo("3NF");
        assertThat(j.get("decomposition3NF").toString()).isEqualTo("[{\"name\":\"R_A\",\"attributes\":[\"A\",\"B\"],"
                + "\"key\":[\"A\"]},{\"name\":\"R_B_C\",\"attributes\":[\"B\",\"C\",\"D\"],\"key\":[\"B\",\"C\"]},"
                + "{\"name\":\"R\",\"attributes\":[\"A\",\"C\",\"E\"],\"key\":[\"A\",\"C\",\"E\"]}]");
        assertThat(j.get("decompositionBCNF")).hasSize(3);
        assertThat(j.get("lossless").asBoolean()).isTrue();
        assertThat(j.get("dependencyPreserving").asBoolean()).isFalse();
        assertThat(j.get("lostDependencies").toString()).isEqualTo("[{\"lhs\":[\"B\",\"C\"],\"rhs\":[\"D\"]}]");
    }

    @Test
    void fileGivesTheSameAnswerAndTextExplains(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.fd");
        Files.writeString(f, "# a comment\nR(A,B,C,D,E)\nA->B\n\nB,C->D\n");
        var fromFile = CliRunner.run("normalize", "--file", f.toString(), "--format", "json");
        var fromArgs = CliRunner.run("normalize", "--relation", "R(A,B,C,D,E)", "--fd", "A->B", "--fd", "B,C->D",
                "--format", "json");
        assertThat(fromFile.exit()).isZero();
        assertThat(fromFile.out()).isEqualTo(fromArgs.out());
        var text = CliRunner.run("normalize", "--file", f.toString(), "--closure", "B,C");
        assertThat(text.out()).contains("candidate keys (1): {A, C, E}", "normal form: 1NF",
                "violates 2NF: A -> B", "{B, C}+ = {B, C, D}", "lost in BCNF", "R_A(A, B)  key {A}");
        var md = CliRunner.run("normalize", "--file", f.toString(), "--format", "markdown");
        assertThat(md.out()).contains("## Normalisation of `R(A, B, C, D, E)`", "| `A -> B` | 2NF |");
    }

    @Test
    void malformedInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        var bad = CliRunner.run("normalize", "--relation", "R(A,B,C)", "--fd", "A->B", "--fd", "C=>A");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo(
                "dbagent: malformed FD 'C=>A' (--fd #2): missing '->' (write an FD as A, B -> C)");
        Path f = dir.resolve("bad.fd");
        Files.writeString(f, "R(A,B)\nA -> B\nB -> Q\n");
        var badFile = CliRunner.run("normalize", "--file", f.toString());
        assertThat(badFile.exit()).isEqualTo(2);
        assertThat(badFile.err().strip()).isEqualTo(
                "dbagent: malformed FD 'B -> Q' (" + f + " line 3): attribute 'Q' is not in R(A, B)");
        var missing = CliRunner.run("normalize", "--file", dir.resolve("nope.fd").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("dbagent: cannot read ").doesNotContain("Exception");
        var nothing = CliRunner.run("normalize");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("normalize needs --relation");
    }
}

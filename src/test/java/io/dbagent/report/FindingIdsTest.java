package io.dbagent.report;

import io.dbagent.health.HealthCheck;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry against the code that builds findings and against the generated {@code docs/findings.md}. */
class FindingIdsTest {

    private static final Path SRC_MAIN = Path.of("src/main/java");
    private static final Path PAGE = Path.of("docs/findings.md");

    @Test
    void everyIdTheCodeBuildsIsRegistered() {
        FindingIdScanner.Result r = new FindingIdScanner(SRC_MAIN).scan();
        assertThat(r.unresolved())
                .as("Finding construction sites whose id the scanner cannot resolve (use a literal, a HealthCheck "
                        + "constant, or a helper whose callers pass literals)")
                .isEmpty();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : r.ids().entrySet()) {
            if (!FindingIds.isRegistered(e.getKey())) {
                missing.add(e.getKey() + " (built in " + String.join(", ", e.getValue()) + ")");
            }
        }
        assertThat(missing).as("finding ids used in src/main but missing from io.dbagent.report.FindingIds").isEmpty();
        // the scan must actually see the builders: the ids of lint, health, plans, migrations and backups at least
        assertThat(r.ids().keySet()).contains("fk-without-index", "slow-query", "row-estimate-off",
                "create-index-blocking", "migration-test-null-violation", "backup-manifest-tampered",
                "partition-not-applicable", "candidate-check");
    }

    @Test
    void everyHealthCheckIsRegisteredUnderHealth() {
        for (HealthCheck c : HealthCheck.values()) {
            assertThat(FindingIds.find(FindingId.Capability.HEALTH, c.id())).as("health check " + c.id()).isPresent();
        }
    }

    @Test
    void everyRegisteredIdIsProducedByTheCode() {
        FindingIdScanner scanner = new FindingIdScanner(SRC_MAIN);
        Set<String> built = scanner.scan().ids().keySet();
        List<String> stale = FindingIds.ids().stream()
                .filter(id -> !built.contains(id) && !scanner.literalOccurs(id)).toList();
        assertThat(stale).as("registered ids no code in src/main produces").isEmpty();
    }

    @Test
    void entriesAreUniquePerCapabilityAndComplete() {
        Set<String> seen = new HashSet<>();
        for (FindingId f : FindingIds.all()) {
            assertThat(seen.add(f.capability() + "/" + f.id())).as("duplicate entry " + f.capability() + "/" + f.id())
                    .isTrue();
            assertThat(f.summary()).as(f.id()).isNotBlank();
            assertThat(f.fix()).as(f.id()).isNotBlank();
            assertThat(f.severityRule()).as(f.id()).contains(f.severity().id());
        }
    }

    @Test
    void findingsPageIsGeneratedFromTheRegistry() throws Exception {
        String generated = FindingsPage.render(FindingIds.all());
        if (Boolean.getBoolean("dbagent.docs.write")) {
            Files.createDirectories(PAGE.getParent());
            Files.writeString(PAGE, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(PAGE)).as(PAGE + " is missing; generate it with: " + FindingsPage.REGENERATE).isTrue();
        String committed = Files.readString(PAGE, StandardCharsets.UTF_8);
        assertThat(committed.equals(generated))
                .as(PAGE + " differs from the registry io.dbagent.report.FindingIds; regenerate it with: "
                        + FindingsPage.REGENERATE)
                .isTrue();
    }
}

package io.dbagent.design.normalize;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Everything {@code dbagent normalize} reports about one relation. Attribute lists are sorted by name; candidate
 * keys by size, then by name.
 *
 * @param lossless             every proposed decomposition passed the chase
 * @param dependencyPreserving the BCNF decomposition preserves every FD (the 3NF synthesis always does)
 * @param lostDependencies     FDs of the minimal cover the BCNF decomposition cannot enforce within one table
 * @param checks               the chase and preservation results per decomposition
 */
@JsonPropertyOrder({"relation", "attributes", "dependencies", "closures", "candidateKeys", "primeAttributes",
        "minimalCover", "normalForm", "violations", "decomposition3NF", "decompositionBCNF", "lossless",
        "dependencyPreserving", "lostDependencies", "checks"})
public record NormalizationResult(
        String relation,
        List<String> attributes,
        List<Dependency> dependencies,
        List<AttributeClosure> closures,
        List<List<String>> candidateKeys,
        List<String> primeAttributes,
        List<Dependency> minimalCover,
        NormalForm normalForm,
        List<Violation> violations,
        @JsonProperty("decomposition3NF") List<Component> decomposition3NF,
        @JsonProperty("decompositionBCNF") List<Component> decompositionBCNF,
        boolean lossless,
        boolean dependencyPreserving,
        List<Dependency> lostDependencies,
        List<DecompositionCheck> checks) {

    /** An FD by attribute names. */
    public record Dependency(List<String> lhs, List<String> rhs) {
        @Override
        public String toString() {
            return String.join(", ", lhs) + " -> " + String.join(", ", rhs);
        }
    }

    /** X and X+. */
    public record AttributeClosure(List<String> attributes, List<String> closure) {
    }

    /** An FD that breaks a normal form, and why. */
    @JsonPropertyOrder({"lhs", "rhs", "normalForm", "reason"})
    public record Violation(List<String> lhs, List<String> rhs, NormalForm normalForm, String reason) {
    }

    /** One relation of a decomposition with one of its candidate keys. */
    @JsonPropertyOrder({"name", "attributes", "key"})
    public record Component(String name, List<String> attributes, List<String> key) {
    }

    /** What the chase and the preservation test said about one decomposition. */
    @JsonPropertyOrder({"decomposition", "lossless", "dependencyPreserving", "lost"})
    public record DecompositionCheck(String decomposition, boolean lossless, boolean dependencyPreserving,
                                     List<Dependency> lost) {
    }
}

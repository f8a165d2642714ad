package io.dbagent.design.normalize;

import io.dbagent.design.normalize.NormalizationResult.AttributeClosure;
import io.dbagent.design.normalize.NormalizationResult.Component;
import io.dbagent.design.normalize.NormalizationResult.DecompositionCheck;
import io.dbagent.design.normalize.NormalizationResult.Dependency;
import io.dbagent.design.normalize.NormalizationResult.Violation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Analyses one relation: keys, prime attributes, minimal cover, the highest normal form with every violating FD
 * explained, a 3NF synthesis and a BCNF decomposition, both checked by the chase and for dependency preservation.
 */
public final class NormalizationAnalyzer {

    /** The analysis on bit sets, for callers that build DDL from it (FD discovery). */
    public record Analysis(Relation relation, List<Long> keys, long prime, List<Fd> minimalCover,
                           NormalForm normalForm, List<Long> threeNf, List<Long> bcnf, List<Fd> lostInBcnf,
                           boolean lossless3Nf, boolean losslessBcnf) {

        public List<Fd> canonicalCover() {
            return FdTheory.canonical(minimalCover);
        }

        /** One candidate key of the component, as the projection's FDs allow. */
        public long keyOf(long component) {
            if (component == relation.all() && !keys.isEmpty()) {
                return keys.get(0);
            }
            return FdTheory.minimize(component, component, 0, minimalCover);
        }
    }

    private NormalizationAnalyzer() {
    }

    public static NormalizationResult analyze(Relation r) {
        return analyze(r, List.of());
    }

    /** Analyses {@code r}, adding the closures of the given attribute sets to the output. */
    public static NormalizationResult analyze(Relation r, List<Long> closuresOf) {
        return toResult(analysis(r), closuresOf);
    }

    public static Analysis analysis(Relation r) {
        long all = r.all();
        List<Fd> cover = FdTheory.minimalCover(r.fds());
        List<Long> keys = FdTheory.candidateKeys(all, cover);
        long prime = 0;
        for (long k : keys) {
            prime |= k;
        }
        NormalForm nf = normalForm(all, keys, prime, cover);
        List<Long> threeNf = nf.atLeast(NormalForm.NF3) ? List.of(all) : synthesize3Nf(cover, keys);
        List<Long> bcnf = nf == NormalForm.BCNF ? List.of(all) : decomposeBcnf(all, cover);
        List<Fd> lost = cover.stream().filter(fd -> !FdTheory.preserved(fd, bcnf, cover)).toList();
        int n = r.attributes().size();
        return new Analysis(r, keys, prime, cover, nf, threeNf, bcnf, lost,
                FdTheory.losslessByChase(n, threeNf, cover), FdTheory.losslessByChase(n, bcnf, cover));
    }

    static NormalForm normalForm(long all, List<Long> keys, long prime, List<Fd> cover) {
        long nonPrime = all & ~prime;
        for (long k : keys) {
            for (int i : FdTheory.bitsOf(k)) {
                long s = k & ~(1L << i);
                if ((FdTheory.closure(s, cover) & nonPrime & ~s) != 0) {
                    return NormalForm.NF1;
                }
            }
        }
        boolean bcnf = true;
        for (Fd fd : cover) {
            boolean superkey = (all & ~FdTheory.closure(fd.lhs(), cover)) == 0;
            if (!superkey) {
                if ((fd.rhs() & prime) == 0) {
                    return NormalForm.NF2;
                }
                bcnf = false;
            }
        }
        return bcnf ? NormalForm.BCNF : NormalForm.NF3;
    }

    /** Bernstein's synthesis: a table per left-hand side of the canonical cover, plus a key table if none has one. */
    static List<Long> synthesize3Nf(List<Fd> cover, List<Long> keys) {
        List<Long> parts = new ArrayList<>();
        for (Fd fd : FdTheory.canonical(cover)) {
            parts.add(fd.lhs() | fd.rhs());
        }
        List<Long> out = withoutSubsets(parts);
        boolean hasKey = out.stream().anyMatch(c -> keys.stream().anyMatch(k -> (k & ~c) == 0));
        if (!hasKey) {
            out.add(keys.get(0));
        }
        return out;
    }

    /** Splits on a violating X into X+ and X ∪ (R − X+) until every part is in BCNF. */
    static List<Long> decomposeBcnf(long all, List<Fd> cover) {
        List<Long> out = new ArrayList<>();
        split(all, cover, out);
        return withoutSubsets(out);
    }

    private static void split(long component, List<Fd> cover, List<Long> out) {
        long x = FdTheory.bcnfViolation(component, cover);
        if (x == -1) {
            out.add(component);
            return;
        }
        long cl = FdTheory.closure(x, cover) & component;
        split(cl, cover, out);
        split(x | (component & ~cl), cover, out);
    }

    private static List<Long> withoutSubsets(List<Long> parts) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            long p = parts.get(i);
            boolean redundant = false;
            for (int j = 0; j < parts.size() && !redundant; j++) {
                long q = parts.get(j);
                redundant = j != i && (p & ~q) == 0 && (p != q || j < i);
            }
            if (!redundant) {
                out.add(p);
            }
        }
        return out;
    }

    static NormalizationResult toResult(Analysis a, List<Long> closuresOf) {
        Relation r = a.relation();
        List<Fd> canonical = a.canonicalCover();
        List<AttributeClosure> closures = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (long x : closuresOf) {
            addClosure(r, a, x, closures, seen);
        }
        for (Fd fd : canonical) {
            addClosure(r, a, fd.lhs(), closures, seen);
        }
        List<DecompositionCheck> checks = List.of(
                new DecompositionCheck("3NF", a.lossless3Nf(), true, List.of()),
                new DecompositionCheck("BCNF", a.losslessBcnf(), a.lostInBcnf().isEmpty(), deps(r, a.lostInBcnf())));
        return new NormalizationResult(r.name(), r.attributes(), deps(r, r.fds()), closures,
                a.keys().stream().map(r::sortedNames).toList(), r.sortedNames(a.prime()), deps(r, canonical),
                a.normalForm(), violations(a), components(a, a.threeNf()), components(a, a.bcnf()),
                a.lossless3Nf() && a.losslessBcnf(), a.lostInBcnf().isEmpty(), deps(r, a.lostInBcnf()), checks);
    }

    private static void addClosure(Relation r, Analysis a, long x, List<AttributeClosure> out, List<Long> seen) {
        if (!seen.contains(x)) {
            seen.add(x);
            out.add(new AttributeClosure(r.sortedNames(x), r.sortedNames(FdTheory.closure(x, a.minimalCover()))));
        }
    }

    static List<Dependency> deps(Relation r, List<Fd> fds) {
        return fds.stream().map(fd -> new Dependency(r.sortedNames(fd.lhs()), r.sortedNames(fd.rhs()))).toList();
    }

    /** Names components after their key; the one holding a key of the whole relation keeps the relation's name. */
    static List<Component> components(Analysis a, List<Long> parts) {
        Relation r = a.relation();
        List<Component> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        boolean mainTaken = false;
        for (long p : parts) {
            long key = a.keyOf(p);
            boolean holdsKey = a.keys().stream().anyMatch(k -> (k & ~p) == 0);
            String name;
            if (holdsKey && !mainTaken) {
                name = r.name();
                mainTaken = true;
            } else {
                name = r.name() + "_" + String.join("_", r.names(key));
            }
            String unique = name;
            for (int i = 2; !used.add(unique); i++) {
                unique = name + "_" + i;
            }
            out.add(new Component(unique, r.sortedNames(p), r.sortedNames(key)));
        }
        return out;
    }

    static List<Violation> violations(Analysis a) {
        Relation r = a.relation();
        long all = r.all();
        List<Violation> out = new ArrayList<>();
        for (Fd fd : a.canonicalCover()) {
            long cl = FdTheory.closure(fd.lhs(), a.minimalCover());
            if ((all & ~cl) == 0) {
                continue;
            }
            String x = set(r, fd.lhs());
            long nonPrime = fd.rhs() & ~a.prime();
            long prime = fd.rhs() & a.prime();
            if (nonPrime != 0) {
                Long partOf = a.keys().stream().filter(k -> (fd.lhs() & ~k) == 0 && k != fd.lhs()).findFirst()
                        .orElse(null);
                if (partOf != null) {
                    out.add(new Violation(r.sortedNames(fd.lhs()), r.sortedNames(nonPrime), NormalForm.NF2,
                            "partial dependency: " + x + " is a proper subset of the candidate key "
                                    + set(r, partOf) + ", and " + set(r, nonPrime) + " is not prime"));
                } else {
                    out.add(new Violation(r.sortedNames(fd.lhs()), r.sortedNames(nonPrime), NormalForm.NF3,
                            "transitive dependency: " + x + " is not a superkey and " + set(r, nonPrime)
                                    + " is not prime, so " + set(r, nonPrime) + " depends on the key "
                                    + set(r, a.keys().get(0)) + " only through " + x));
                }
            }
            if (prime != 0) {
                out.add(new Violation(r.sortedNames(fd.lhs()), r.sortedNames(prime), NormalForm.BCNF,
                        x + " is not a superkey (" + x + "+ = " + set(r, cl) + "); 3NF allows it because "
                                + set(r, prime) + " is prime, BCNF does not"));
            }
        }
        if (a.normalForm() == NormalForm.NF1 && out.stream().noneMatch(v -> v.normalForm() == NormalForm.NF2)) {
            out.add(derivedPartialDependency(a));
        }
        out.sort(Comparator.comparing(Violation::normalForm));
        return out;
    }

    /** A partial dependency that only shows through a chain of FDs, e.g. A ⊂ key AB with A -> C -> D. */
    private static Violation derivedPartialDependency(Analysis a) {
        Relation r = a.relation();
        long nonPrime = r.all() & ~a.prime();
        for (long k : a.keys()) {
            for (int i : FdTheory.bitsOf(k)) {
                long s = k & ~(1L << i);
                long extra = FdTheory.closure(s, a.minimalCover()) & nonPrime & ~s;
                if (extra != 0) {
                    long target = Long.lowestOneBit(extra);
                    long lhs = FdTheory.minimize(s, target, 0, a.minimalCover());
                    return new Violation(r.sortedNames(lhs), r.sortedNames(target), NormalForm.NF2,
                            "partial dependency (implied by the FDs): " + set(r, lhs)
                                    + " is a proper subset of the candidate key " + set(r, k) + ", and "
                                    + set(r, target) + " is not prime");
                }
            }
        }
        throw new IllegalStateException("1NF without a partial dependency");
    }

    static String set(Relation r, long mask) {
        return "{" + String.join(", ", r.sortedNames(mask)) + "}";
    }
}

package io.dbagent.design.normalize;

import io.dbagent.DbAgentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FdTheoryTest {

    private static Relation rel(String relation, String... fds) {
        List<FdParser.Source> s = new ArrayList<>();
        for (int i = 0; i < fds.length; i++) {
            s.add(new FdParser.Source(fds[i], "--fd #" + (i + 1)));
        }
        return FdParser.parse(new FdParser.Source(relation, "--relation"), s);
    }

    /** 20 attributes, 30 random FDs: all keys in well under a second, and exactly the brute-force keys. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void keysOfTwentyAttributesAndThirtyFdsAreFastAndExact(long seed) {
        Random rnd = new Random(seed);
        List<Fd> fds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long lhs = 0;
            int lhsSize = 1 + rnd.nextInt(3);
            while (Long.bitCount(lhs) < lhsSize) {
                lhs |= 1L << rnd.nextInt(20);
            }
            long rhs = 0;
            int rhsSize = 1 + rnd.nextInt(2);
            while (Long.bitCount(rhs & ~lhs) < rhsSize) {
                rhs |= 1L << rnd.nextInt(20);
            }
            fds.add(new Fd(lhs, rhs & ~lhs));
        }
        long all = (1L << 20) - 1;
        List<Long> keys = FdTheory.candidateKeys(all, FdTheory.minimalCover(fds));
        assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(BruteForce.keys(all, fds)));
    }

    /** Ten independent pairs A_i <-> B_i: 2^10 = 1024 keys, the kind of input that defeats naive searches. */
    @Test
    void manyKeysStayFast() {
        List<Fd> fds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fds.add(new Fd(1L << i, 1L << (i + 10)));
            fds.add(new Fd(1L << (i + 10), 1L << i));
        }
        for (int i = 0; i < 10; i++) {
            fds.add(new Fd((1L << i) | (1L << ((i + 1) % 10)), 1L << (i + 10))); // implied, but it must not confuse the search
        }
        long all = (1L << 20) - 1;
        List<Long> keys = FdTheory.candidateKeys(all, fds);
        assertThat(keys).hasSize(1024);
        assertThat(new HashSet<>(keys)).isEqualTo(new HashSet<>(BruteForce.keys(all, fds)));
    }

    @Test
    void closureFollowsChains() {
        Relation r = rel("R(A,B,C,D,E)", "A->B", "B,C->D", "D->E");
        assertThat(r.sortedNames(FdTheory.closure(r.mask(List.of("A")), r.fds()))).containsExactly("A", "B");
        assertThat(r.sortedNames(FdTheory.closure(r.mask(List.of("A", "C")), r.fds())))
                .containsExactly("A", "B", "C", "D", "E");
    }

    @Test
    void chaseTellsLosslessFromLossy() {
        Relation r = rel("R(A,B,C)", "A->B");
        long ab = r.mask(List.of("A", "B"));
        long ac = r.mask(List.of("A", "C"));
        long bc = r.mask(List.of("B", "C"));
        assertThat(FdTheory.losslessByChase(3, List.of(ab, ac), r.fds())).isTrue();
        // the common attribute B determines neither side: joining AB and BC invents tuples
        assertThat(FdTheory.losslessByChase(3, List.of(ab, bc), r.fds())).isFalse();
        // three components, lossless only through a chain of FDs
        Relation s = rel("S(A,B,C,D)", "A->B", "B->C");
        assertThat(FdTheory.losslessByChase(4, List.of(s.mask(List.of("A", "D")), s.mask(List.of("A", "B")),
                s.mask(List.of("B", "C"))), s.fds())).isTrue();
        assertThat(FdTheory.losslessByChase(4, List.of(s.mask(List.of("A", "D")), s.mask(List.of("B", "C"))),
                s.fds())).isFalse();
    }

    @Test
    void preservationSeesFdsSpreadOverComponents() {
        Relation r = rel("R(A,B,C)", "A->B", "B->C", "A->C");
        long ab = r.mask(List.of("A", "B"));
        long bc = r.mask(List.of("B", "C"));
        long ac = r.mask(List.of("A", "C"));
        Fd aToC = new Fd(r.mask(List.of("A")), r.mask(List.of("C")));
        Fd bToC = new Fd(r.mask(List.of("B")), r.mask(List.of("C")));
        assertThat(FdTheory.preserved(aToC, List.of(ab, bc), r.fds())).isTrue();
        assertThat(FdTheory.preserved(bToC, List.of(ab, ac), r.fds())).isFalse();
    }

    @Test
    void bcnfOfAProjectionFindsImpliedViolations() {
        // In R1(A,C,D) of R(A,B,C,D) with A->B, B->C: A -> C holds through B, which R1 does not have.
        Relation r = rel("R(A,B,C,D)", "A->B", "B->C");
        long acd = r.mask(List.of("A", "C", "D"));
        assertThat(FdTheory.bcnfViolation(acd, FdTheory.minimalCover(r.fds()))).isEqualTo(r.mask(List.of("A")));
        assertThat(FdTheory.bcnfViolation(r.mask(List.of("B", "C")), r.fds())).isEqualTo(-1);
    }

    @Test
    void parserReportsEachMistakeInOneLine() {
        assertThatThrownBy(() -> rel("R(A,B,C)", "A->B", "A->Z")).isInstanceOf(DbAgentException.class)
                .hasMessage("malformed FD 'A->Z' (--fd #2): attribute 'Z' is not in R(A, B, C)");
        assertThatThrownBy(() -> rel("R(A,B,C)", "A B")).hasMessage(
                "malformed FD 'A B' (--fd #1): missing '->' (write an FD as A, B -> C)");
        assertThatThrownBy(() -> rel("R(A,B,C)", "A->")).hasMessage(
                "malformed FD 'A->' (--fd #1): right-hand side is empty");
        assertThatThrownBy(() -> rel("R(A,B,C)", "->B")).hasMessage(
                "malformed FD '->B' (--fd #1): left-hand side is empty");
        assertThatThrownBy(() -> rel("R(A,B,C)", "A->B->C")).hasMessageContaining("more than one '->'");
        assertThatThrownBy(() -> rel("R(A,B", "A->B")).hasMessageContaining("balanced parentheses");
        assertThatThrownBy(() -> rel("R(A,B,A)")).hasMessageContaining("attribute 'A' is listed twice");
        assertThatThrownBy(() -> FdParser.parseFile("# nothing\n\n", "x.fd")).hasMessageContaining("no relation");
        assertThatThrownBy(() -> FdParser.parseFile("R(a, b)\na -> b\nb => a\n", "r.fd"))
                .hasMessage("malformed FD 'b => a' (r.fd line 3): missing '->' (write an FD as A, B -> C)");
    }

    @Test
    void parserAcceptsTextbookNotations() {
        Relation r = rel("R(A,B,C,D)", "AB->C", "{C} → D", "A->B; B->A");
        assertThat(r.fds()).hasSize(4);
        assertThat(r.format(r.fds().get(0))).isEqualTo("A, B -> C");
        assertThat(r.format(r.fds().get(1))).isEqualTo("C -> D");
        Relation named = rel("orders(order_id, customer_id, customer_name)", "customer_id -> customer_name",
                "order_id -> customer_id");
        assertThat(named.name()).isEqualTo("orders");
        // with multi-letter names, AB is one (unknown) attribute, never split into letters
        assertThatThrownBy(() -> rel("R(AB, C)", "A->C")).hasMessageContaining("attribute 'A' is not in R(AB, C)");
    }
}

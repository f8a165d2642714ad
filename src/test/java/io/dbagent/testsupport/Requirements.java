package io.dbagent.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * The one policy for "may this test skip": a test that needs something outside the JVM (a binary, a mount, a
 * private server) calls {@link #require(boolean, String)}. On a developer's machine a missing requirement skips the
 * test with the reason; in CI ({@code DBAGENT_TEST_REQUIRE_SERVICES=1} or {@code CI=true}) it fails the test, so the
 * CI log never shows a skipped test and never silently tests less than it claims.
 */
public final class Requirements {

    private Requirements() {
    }

    /** True where a missing requirement must fail the test instead of skipping it. */
    public static boolean strict() {
        return "1".equals(System.getenv("DBAGENT_TEST_REQUIRE_SERVICES")) || "true".equals(System.getenv("CI"));
    }

    /**
     * Continues when {@code present}; otherwise fails (CI) or skips (elsewhere) with "needs {@code what}".
     *
     * @param what what the test needs and, where it helps, how to get it ("promtool (apt-get install prometheus)")
     */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if (strict()) {
            throw new AssertionError("this test needs " + what
                    + ", and DBAGENT_TEST_REQUIRE_SERVICES/CI forbids skipping it");
        }
        Assumptions.abort("needs " + what);
    }
}

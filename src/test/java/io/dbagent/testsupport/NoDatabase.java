package io.dbagent.testsupport;

import io.dbagent.jdbc.ConnectionFactory;
import io.dbagent.jdbc.DbSession;
import io.dbagent.jdbc.SessionSource;

/** A session source for tests that must not touch a database: opening a session fails the test loudly. */
public final class NoDatabase implements SessionSource {

    public static final SessionSource INSTANCE = new NoDatabase();

    private NoDatabase() {
    }

    @Override
    public DbSession open(ConnectionFactory.Access access) {
        throw new IllegalStateException("no database in this test");
    }

    @Override
    public String describe() {
        return "none";
    }
}

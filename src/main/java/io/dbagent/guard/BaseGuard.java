package io.dbagent.guard;

import io.dbagent.guard.GuardLexer.Mode;
import io.dbagent.jdbc.DialectKind;

import java.util.List;

/** What each engine's guard part holds alike: its engine, its lexings and its deny list, given once. */
abstract class BaseGuard implements EngineGuard {

    private final DialectKind kind;
    private final List<Mode> lexings;
    private final List<DangerousNames.Entry> deniedNames;

    BaseGuard(DialectKind kind, List<Mode> lexings, List<DangerousNames.Entry> deniedNames) {
        this.kind = kind;
        this.lexings = lexings;
        this.deniedNames = deniedNames;
    }

    @Override
    public final DialectKind kind() {
        return kind;
    }

    @Override
    public final List<Mode> lexings() {
        return lexings;
    }

    @Override
    public final List<DangerousNames.Entry> deniedNames() {
        return deniedNames;
    }
}

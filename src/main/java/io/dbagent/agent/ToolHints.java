package io.dbagent.agent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a tool does to the world, published to MCP clients as the tool's annotations ({@code readOnlyHint},
 * {@code destructiveHint}, {@code idempotentHint}, {@code openWorldHint}). Every {@code @Tool} method carries one
 * (a unit test enforces it), so a new tool cannot reach a client without someone deciding its effects. Clients use
 * the hints to decide what to confirm with the user; a wrong "read-only" would skip a confirmation, so when in
 * doubt a tool is not read-only.
 *
 * <p>"Read-only" here means: leaves nothing behind in the database or on disk. Tools that only record a plan in
 * the server's memory (propose_change, advise_indexes) count as read-only: the plan is inert until apply_plan,
 * which is the destructive one. Tools that create and drop a scratch database but keep nothing also count as
 * read-only; tools that write files or memory entries do not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ToolHints {

    /** Leaves nothing behind (database, files, memory). */
    boolean readOnly();

    /** May delete or overwrite data (only meaningful when not read-only). */
    boolean destructive() default false;

    /** Calling it again with the same arguments has no further effect. */
    boolean idempotent() default false;

    /** Talks to systems beyond the configured database and directories (none of ours do). */
    boolean openWorld() default false;
}

package io.dbagent.backup;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A JVM that starts {@code sleep 300} through {@link ProcessRunner}, prints "started" and waits (killed by the test). */
public final class ToolHolderMain {

    private ToolHolderMain() {
    }

    public static void main(String[] args) {
        ProcessRunner.Running r = ProcessRunner.start(List.of("sleep", "300"), Map.of(), null, null);
        System.out.println("started " + r.handle().pid());
        System.out.flush();
        r.await(Duration.ofMinutes(10));
    }
}
